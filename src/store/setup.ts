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
