import { z } from 'zod';
import { ZPersona, ZPersonaCreate, ZPersonaUpdate } from '../../core/schemas/persona.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';

export function registerPersonaRoutes(api: ApiRegistry, store: Store) {
  const tags = ['personas'];
  api.route(
    {
      method: 'GET',
      url: '/api/personas',
      summary: 'List personas',
      tags,
      auth: ['api'],
      response: z.array(ZPersona),
    },
    ({ principal }) => store.listPersonas(principal.workspaceId),
  );
  api.route(
    {
      method: 'POST',
      url: '/api/personas',
      summary: 'Create a persona',
      tags,
      auth: ['api'],
      body: ZPersonaCreate,
      response: ZPersona,
    },
    ({ principal, body }) => store.createPersona(principal.workspaceId, body),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/personas/:id',
      summary: 'Get a persona',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZPersona,
    },
    async ({ principal, params }) =>
      found(await store.getPersona(principal.workspaceId, params.id), 'persona', params.id),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/personas/:id/customers',
      summary: 'Count the customers its segment rule matches now',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: z.object({ personaId: z.string(), customers: z.number().int() }),
    },
    async ({ principal, params }) => {
      found(await store.getPersona(principal.workspaceId, params.id), 'persona', params.id);
      const { total } = await store.listCustomers(principal.workspaceId, {
        personaId: params.id,
        limit: 1,
      });
      return { personaId: params.id, customers: total };
    },
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/personas/:id',
      summary: 'Update a persona',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZPersonaUpdate,
      response: ZPersona,
    },
    async ({ principal, params, body }) =>
      found(
        await store.updatePersona(principal.workspaceId, params.id, body),
        'persona',
        params.id,
      ),
  );
  api.deleteRoute(
    { url: '/api/personas/:id', summary: 'Delete a persona', tags: tags, what: 'persona' },
    (workspaceId, id) => store.deletePersona(workspaceId, id),
  );
}
