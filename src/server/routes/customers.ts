import { z } from 'zod';
import { ZCustomer, ZMerge } from '../../core/schemas/customer.ts';
import { ZStoredEvent } from '../../core/schemas/event.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';

/** `limit` and `offset` of a long list (docs/api.md, conventions). */
export const ZPage = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

export function registerCustomerRoutes(api: ApiRegistry, store: Store) {
  const tags = ['customers'];
  api.route(
    {
      method: 'GET',
      url: '/api/customers',
      summary: 'Search customers by id, identity (user id, email, anonymous id) or trait value',
      tags,
      auth: ['api'],
      query: ZPage.extend({
        search: z.string().max(200).optional(),
        personaId: z.string().max(64).optional(),
      }),
      response: z.object({ total: z.number().int(), items: z.array(ZCustomer) }),
    },
    async ({ principal, query }) => {
      if (query.personaId)
        found(
          await store.getPersona(principal.workspaceId, query.personaId),
          'persona',
          query.personaId,
        );
      return store.listCustomers(principal.workspaceId, query);
    },
  );
  api.route(
    {
      method: 'GET',
      url: '/api/customers/:id',
      summary: 'A customer: traits, identities, merged profiles',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZCustomer,
    },
    async ({ principal, params }) =>
      found(await store.getCustomer(principal.workspaceId, params.id), 'customer', params.id),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/customers/:id/events',
      summary: "The customer's timeline across channels, newest first",
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: ZPage,
      response: z.array(ZStoredEvent),
    },
    async ({ principal, params, query }) => {
      found(await store.getCustomer(principal.workspaceId, params.id), 'customer', params.id);
      return store.listEvents(principal.workspaceId, { customerId: params.id, ...query });
    },
  );
  api.route(
    {
      method: 'GET',
      url: '/api/customers/:id/merges',
      summary: 'Identity merges that involve the customer',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: z.array(ZMerge),
    },
    async ({ principal, params }) => {
      const merges = await store.listMerges(principal.workspaceId, params.id);
      if (merges.length === 0)
        found(await store.getCustomer(principal.workspaceId, params.id), 'customer', params.id);
      return merges;
    },
  );
  api.route(
    {
      method: 'POST',
      url: '/api/merges/:id/undo',
      summary: 'Undo an identity merge',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZMerge,
      status: 200,
    },
    async ({ principal, params }) =>
      found(await store.undoMerge(principal.workspaceId, params.id), 'merge', params.id),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/events',
      summary: 'Recent events, newest first',
      tags: ['events'],
      auth: ['api'],
      query: ZPage,
      response: z.array(ZStoredEvent),
    },
    ({ principal, query }) => store.listEvents(principal.workspaceId, query),
  );
}
