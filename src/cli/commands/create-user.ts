import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { AppError, describeIssues } from '../../core/errors.ts';
import { type TUser, ZUserCreateInWorkspace } from '../../core/schemas/account.ts';
import { optionString, type ParsedArgs, requireOption } from '../args.ts';
import { type Backend, resolveWorkspace } from '../backend.ts';

/**
 * The first line of a stream (without its line ending), read no further than needed. Passwords
 * come this way, never as an argument, so that they stay out of shell history and `ps`.
 */
export async function readFirstLine(stream: Readable): Promise<string> {
  let text = '';
  // Leaving the loop early closes the stream, so the rest is never read.
  for await (const chunk of stream) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split('\n', 1)[0]!.replace(/\r$/, '');
}

/**
 * `waymark user create --email E --name N --workspace W [--role R] [--password-file F]`: creates a
 * user who can sign in to the web app, as a member (default: owner) of one workspace.
 */
export async function createUser(
  args: ParsedArgs,
  backend: Backend,
  readStdinLine: () => Promise<string>,
): Promise<TUser> {
  const email = requireOption(args, 'email');
  const name = requireOption(args, 'name');
  const ws = await resolveWorkspace(backend, requireOption(args, 'workspace'));
  const file = optionString(args, 'password-file');
  const password = file ? await readFirstLine(createReadStream(file)) : await readStdinLine();
  const parsed = ZUserCreateInWorkspace.safeParse({
    email,
    name,
    password,
    workspaceId: ws.id,
    role: optionString(args, 'role'),
  });
  if (!parsed.success) {
    const issue = describeIssues(parsed.error.issues)[0]!;
    const what =
      issue.path === 'password' ? `the password (${file ?? 'stdin'})` : `--${issue.path}`;
    throw new AppError(400, 'usage', `${what}: ${issue.message}`);
  }
  return backend.createUser(parsed.data);
}
