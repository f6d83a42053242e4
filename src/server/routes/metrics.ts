import { z } from 'zod';
import { invalid } from '../../core/errors.ts';
import { ZTimestamp } from '../../core/schemas/common.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';

const DAY = 86_400_000;

export const ZMetricsQuery = z.object({
  from: ZTimestamp.optional().meta({
    description: 'Inclusive start; default 180 days before `to`',
  }),
  to: ZTimestamp.optional().meta({ description: 'Exclusive end; default now' }),
  personaId: z.string().max(64).optional(),
});

/** Resolves a metrics date range with its defaults; `from` must come before `to`. */
export function resolveRange(q: { from?: string; to?: string }, now = Date.now()) {
  const to = q.to ? new Date(q.to) : new Date(now);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 180 * DAY);
  if (from.getTime() >= to.getTime()) {
    throw invalid('`from` must be before `to`', [
      { path: 'query.from', message: 'must be before to' },
    ]);
  }
  return { from, to };
}

const ZTouchpointMetrics = z.object({
  touchpointId: z.string(),
  name: z.string(),
  stageId: z.string(),
  channel: z.string(),
  phase: z.string(),
  designedMarker: z.string(),
  volume: z.number(),
  reach: z.number(),
  reachShare: z.number(),
  converted: z.number(),
  conversionRate: z.number(),
  droppedOff: z.number(),
  dropOffRate: z.number(),
  medianHoursToNext: z.number().nullable(),
  measuredMarker: z.enum(['green', 'yellow', 'red']).nullable(),
  markerReasons: z.array(z.string()),
});

export const ZMetricsReport = z.object({
  journeyId: z.string(),
  personaId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  conversionWindowDays: z.number(),
  inactivityDays: z.number(),
  journey: z.object({
    customers: z.number(),
    conversions: z.number(),
    conversionRate: z.number(),
    conversionValue: z.number(),
    baselineDropOffRate: z.number(),
    unmatchedEvents: z.number(),
    stageFunnel: z.array(
      z.object({
        stageId: z.string(),
        name: z.string(),
        customers: z.number(),
        reached: z.number(),
        fromFirst: z.number(),
        fromPrevious: z.number(),
      }),
    ),
  }),
  touchpoints: z.array(ZTouchpointMetrics),
});

export function registerMetricsRoutes(api: ApiRegistry, store: Store) {
  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/metrics',
      summary: 'Touchpoint metrics, measured markers and the stage funnel of a journey',
      tags: ['metrics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZMetricsQuery,
      response: ZMetricsReport,
    },
    async ({ principal, params, query }) => {
      const { from, to } = resolveRange(query);
      if (query.personaId)
        found(
          await store.getPersona(principal.workspaceId, query.personaId),
          'persona',
          query.personaId,
        );
      return found(
        await store.touchpointMetrics(principal.workspaceId, {
          journeyId: params.id,
          from,
          to,
          personaId: query.personaId,
        }),
        'journey',
        params.id,
      );
    },
  );
}
