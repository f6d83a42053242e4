import { hashPassword } from '../core/accounts/password.ts';
import { notFound } from '../core/errors.ts';
import type { TRole, TUser } from '../core/schemas/account.ts';
import type { TKeyCreated, TWorkspace } from '../core/schemas/workspace.ts';
import type { Store } from './port.ts';

export interface WorkspaceWithKeys {
  workspace: TWorkspace;
  writeKey: TKeyCreated;
  apiKey: TKeyCreated;
}

/** Creates a workspace with a first write key and API key (their secrets are only shown now). */
export async function createWorkspaceWithKeys(
  store: Store,
  name: string,
  options: { isDemo?: boolean } = {},
): Promise<WorkspaceWithKeys> {
  const workspace = await store.createWorkspace({ name }, options);
  const writeKey = await store.createKey(workspace.id, 'write', 'default write key');
  const apiKey = await store.createKey(workspace.id, 'api', 'default API key');
  return { workspace, writeKey, apiKey };
}

export interface UserInWorkspace {
  email: string;
  name: string;
  password: string;
  workspaceId: string;
  role: TRole;
}

/** Creates a user who can sign in, as a member of one workspace (404 if it does not exist). */
export async function createUserInWorkspace(store: Store, input: UserInWorkspace): Promise<TUser> {
  if (!(await store.getWorkspace(input.workspaceId)))
    throw notFound('workspace', input.workspaceId);
  return store.createUser(
    { email: input.email, name: input.name, passwordHash: await hashPassword(input.password) },
    { workspaceId: input.workspaceId, role: input.role },
  );
}
