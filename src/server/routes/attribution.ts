import { z } from 'zod';
import { parsePositionShares } from '../../core/attribution/journey-attribution.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { resolveScope, ZMetricsQuery } from './metrics.ts';

const ZAttributionQuery = ZMetricsQuery.extend({
  by: z.enum(['channel', 'touchpoint']).default('channel').meta({
    description: "What gets credit: the touchpoints' channels, or the touchpoints",
  }),
  lookbackDays: z.coerce.number().int().min(1).max(365).optional().meta({
    description:
      "Touches up to this many days before a conversion count; default: the journey's conversion window",
  }),
  halfLifeDays: z.coerce.number().positive().max(3650).default(7).meta({
    description: 'Time decay: a touch weighs half as much per half-life before the conversion',
  }),
  position: z
    .string()
    .max(100)
    .refine((s) => parsePositionShares(s) !== undefined, {
      message: 'three comma-separated shares (first, middle, last) from 0 to 1 adding up to 1',
    })
    .transform((s) => parsePositionShares(s)!)
    .optional()
    .meta({
      description:
        'Position-based shares of the first, middle and last touches; default 0.4,0.2,0.4',
    }),
  markovOrder: z.coerce.number().int().min(1).max(3).default(1),
});

const ZRow = z.object({
  key: z.string(),
  conversions: z.number(),
  value: z.number(),
  removalEffect: z.number().optional(),
});

const ZJourneyAttribution = z.object({
  journeyId: z.string(),
  by: z.enum(['channel', 'touchpoint']),
  from: z.string(),
  to: z.string(),
  personaId: z.string().nullable(),
  lookbackDays: z.number(),
  halfLifeDays: z.number(),
  position: z.tuple([z.number(), z.number(), z.number()]),
  markovOrder: z.number().int(),
  totals: z.object({
    conversions: z.number(),
    value: z.number(),
    convertingPaths: z.number(),
    nonConvertingPaths: z.number(),
    unattributed: z.number(),
    unattributedValue: z.number(),
    distinctPaths: z.number().int(),
  }),
  keys: z.array(z.object({ key: z.string(), label: z.string(), channel: z.string().nullable() })),
  models: z.object({
    first: z.array(ZRow),
    last: z.array(ZRow),
    linear: z.array(ZRow),
    timeDecay: z.array(ZRow),
    position: z.array(ZRow),
    markov: z.array(ZRow),
    shapley: z.array(ZRow).nullable(),
  }),
  notes: z.array(z.string()),
});

/**
 * Attribution of a journey's conversions to channels or touchpoints over its recorded events,
 * by every model of src/core/attribution (docs/analytics.md). A read: viewers may call it.
 */
export function registerAttributionRoutes(api: ApiRegistry, store: Store) {
  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/attribution',
      summary: "Credit for a journey's conversions per channel or touchpoint, by every model",
      tags: ['analytics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZAttributionQuery,
      response: ZJourneyAttribution,
    },
    async ({ principal, params, query }) => {
      const { from, to } = await resolveScope(store, principal.workspaceId, query);
      return found(
        await store.journeyAttribution(principal.workspaceId, params.id, {
          from,
          to,
          personaId: query.personaId,
          by: query.by,
          lookbackDays: query.lookbackDays,
          halfLifeDays: query.halfLifeDays,
          position: query.position,
          markovOrder: query.markovOrder,
        }),
        'journey',
        params.id,
      );
    },
  );
}
