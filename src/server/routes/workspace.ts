import { z } from 'zod';
import { ZKey, ZKeyCreate, ZKeyCreated, ZWorkspace } from '../../core/schemas/workspace.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found } from '../route.ts';

export function registerWorkspaceRoutes(api: ApiRegistry, store: Store) {
  api.route(
    {
      method: 'GET',
      url: '/api/workspace',
      summary: 'The workspace of the API key or the X-Waymark-Workspace header',
      tags: ['workspace'],
      auth: ['api'],
      response: ZWorkspace,
    },
    async ({ principal }) => found(await store.getWorkspace(principal.workspaceId), 'workspace'),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/keys',
      summary: 'List write keys and API keys',
      tags: ['workspace'],
      auth: ['api'],
      role: 'owner',
      response: z.array(ZKey),
    },
    ({ principal }) => store.listKeys(principal.workspaceId),
  );
  api.route(
    {
      method: 'POST',
      url: '/api/keys',
      summary: 'Create a key; its secret is shown only in this response',
      tags: ['workspace'],
      auth: ['api'],
      role: 'owner',
      body: ZKeyCreate,
      response: ZKeyCreated,
    },
    ({ principal, body }) => store.createKey(principal.workspaceId, body.kind, body.name),
  );
  api.deleteRoute(
    {
      url: '/api/keys/:id',
      summary: 'Revoke a key',
      tags: ['workspace'],
      what: 'key',
      role: 'owner',
    },
    (workspaceId, id) => store.revokeKey(workspaceId, id),
  );
}
