import { z } from 'zod';
import { ZMatchRule } from '../../core/schemas/touchpoint.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { resolveScope, ZMetricsQuery } from './metrics.ts';

const ZConformanceQuery = ZMetricsQuery.extend({
  top: z.coerce.number().int().min(1).max(200).default(20).meta({
    description: 'Length of the ranked lists (skipped, backwards, unmatched)',
  }),
});

const ZConformanceCustomersQuery = ZMetricsQuery.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
  order: z.enum(['asc', 'desc']).default('asc').meta({
    description: '`asc`: worst fitness first; `desc`: best first',
  }),
});

const ZFitness = z.number().nullable().meta({ description: 'Mean fitness, 0-1; null: nobody' });

const ZConformanceReport = z.object({
  journeyId: z.string(),
  from: z.string(),
  to: z.string(),
  personaId: z.string().nullable(),
  customers: z.number().int(),
  meanFitness: ZFitness,
  histogram: z.array(z.object({ from: z.number(), to: z.number(), customers: z.number().int() })),
  byPersona: z.array(
    z.object({
      personaId: z.string(),
      name: z.string(),
      customers: z.number().int(),
      meanFitness: ZFitness,
    }),
  ),
  touchpoints: z.array(
    z.object({
      touchpointId: z.string(),
      customers: z.number().int(),
      skipped: z.number().int(),
      eligible: z.number().int(),
      skipRate: z.number(),
      backwardsIn: z.number().int(),
      backwardsOut: z.number().int(),
    }),
  ),
  skipped: z.array(
    z.object({
      touchpointId: z.string(),
      skipped: z.number().int(),
      eligible: z.number().int(),
      rate: z.number(),
    }),
  ),
  backwards: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      count: z.number().int(),
      customers: z.number().int(),
    }),
  ),
  unmatched: z.array(
    z.object({
      type: z.enum(['track', 'page', 'screen']),
      event: z.string().nullable(),
      path: z.string().nullable().meta({ description: 'Page path pattern (digits → `*`)' }),
      events: z.number().int(),
      customers: z.number().int(),
      suggestedRule: ZMatchRule,
      suggestedTemplate: z.string().nullable(),
    }),
  ),
});

const ZConformanceCustomersPage = z.object({
  total: z.number().int(),
  items: z.array(
    z.object({
      customerId: z.string(),
      label: z.string(),
      fitness: z.number(),
      met: z.number().int(),
      skipped: z.number().int(),
      backwards: z.number().int(),
      sequence: z.array(z.string()).meta({ description: 'Touchpoint ids met, repeats merged' }),
    }),
  ),
});

/**
 * Conformance of customers' journeys to the designed map (docs/analytics.md): the report and the
 * customers ranked by fitness. Reads: the viewer role is enough.
 */
export function registerConformanceRoutes(api: ApiRegistry, store: Store) {
  const scopeOf = (workspaceId: string, query: z.output<typeof ZMetricsQuery>) =>
    resolveScope(store, workspaceId, query);

  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/conformance',
      summary: "How customers' journeys follow the designed map: fitness, skips, backward moves",
      tags: ['analytics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZConformanceQuery,
      response: ZConformanceReport,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(principal.workspaceId, query);
      return found(
        await store.journeyConformance(principal.workspaceId, params.id, {
          ...scope,
          top: query.top,
        }),
        'journey',
        params.id,
      );
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/conformance/customers',
      summary: "A journey's customers ranked by the fitness of their journey to the map",
      tags: ['analytics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZConformanceCustomersQuery,
      response: ZConformanceCustomersPage,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(principal.workspaceId, query);
      return found(
        await store.conformanceCustomers(principal.workspaceId, params.id, {
          ...scope,
          limit: query.limit,
          offset: query.offset,
          order: query.order,
        }),
        'journey',
        params.id,
      );
    },
  );
}
