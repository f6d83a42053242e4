import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import type { Store } from '../store/port.ts';
import { createUserInWorkspace } from '../store/setup.ts';

export const DEMO_OWNER_EMAIL = 'owner@demo.local';

/** What `demo.json` in the data directory holds (owner-only file). */
export interface DemoInfo {
  workspaceId: string;
  journeyId: string;
  apiKey: string;
  writeKey: string;
  ownerEmail?: string;
  ownerPassword?: string;
}

export function readDemoInfo(file: string): DemoInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as DemoInfo;
  } catch {
    return undefined;
  }
}

export const writeDemoInfo = (file: string, info: DemoInfo) =>
  writeFileSync(file, JSON.stringify(info, null, 2), { mode: 0o600 });

/**
 * Gives a data directory whose demo workspace nobody can sign in to yet a first owner,
 * `owner@demo.local`, with a random password kept in `demo.json` beside the demo's keys. Does
 * nothing once any user exists, so it never adds an account behind a real owner's back.
 */
export async function ensureDemoOwner(
  store: Store,
  demoFile: string,
): Promise<DemoInfo | undefined> {
  const demo = readDemoInfo(demoFile);
  if (!demo || (await store.countUsers()) > 0) return undefined;
  if (!(await store.getWorkspace(demo.workspaceId))) return undefined;
  const password = randomBytes(18).toString('base64url');
  await createUserInWorkspace(store, {
    email: DEMO_OWNER_EMAIL,
    name: 'Demo owner',
    password,
    workspaceId: demo.workspaceId,
    role: 'owner',
  });
  const next = { ...demo, ownerEmail: DEMO_OWNER_EMAIL, ownerPassword: password };
  writeDemoInfo(demoFile, next);
  return next;
}

const shellQuote = (s: string) => (/^[\w./:@-]+$/.test(s) ? s : `'${s.replaceAll("'", `'\\''`)}'`);

/**
 * The exact commands that create the first owner of a data directory without users: a workspace
 * first if there is none, then the user, reading the password from stdin.
 */
export async function firstOwnerHelp(store: Store, dataDir: string): Promise<string[]> {
  const dir = `--data-dir ${shellQuote(dataDir)}`;
  const workspaces = await store.listWorkspaces();
  const lines = ['No one can sign in to the web app yet. Create the first owner:'];
  let workspace = workspaces[0]?.id;
  if (!workspace) {
    lines.push(`  waymark workspace create --name 'My company' ${dir}`);
    workspace = shellQuote('My company');
  }
  lines.push(
    `  printf '%s\\n' 'a password of 10+ characters' | waymark user create --email you@example.com --name 'Your Name' --workspace ${workspace} ${dir}`,
  );
  return lines;
}
