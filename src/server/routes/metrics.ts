import { z } from 'zod';
import { invalid } from '../../core/errors.ts';
import { ZTimestamp } from '../../core/schemas/common.ts';
import { ZCsatSummary, ZSentimentSummary, ZStageEmotion } from '../../core/schemas/listening.ts';
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

/**
 * Resolves a metrics date range with its defaults; `from` must come before `to`. `at` says where
 * the fields were sent, for the error's field path.
 */
export function resolveRange(
  q: { from?: string; to?: string },
  now = Date.now(),
  at: 'query' | 'body' = 'query',
) {
  const to = q.to ? new Date(q.to) : new Date(now);
  const from = q.from ? new Date(q.from) : new Date(to.getTime() - 180 * DAY);
  if (from.getTime() >= to.getTime()) {
    throw invalid('`from` must be before `to`', [
      { path: `${at}.from`, message: 'must be before to' },
    ]);
  }
  return { from, to };
}

/**
 * The range and persona every journey analysis is scoped by: the range with its defaults, and
 * the persona, which must be one of the workspace's (else a 404 naming it, as a foreign id is).
 */
export async function resolveScope(
  store: Store,
  workspaceId: string,
  q: { from?: string; to?: string; personaId?: string },
  at: 'query' | 'body' = 'query',
): Promise<{ from: Date; to: Date; personaId: string | undefined }> {
  const range = resolveRange(q, Date.now(), at);
  if (q.personaId) found(await store.getPersona(workspaceId, q.personaId), 'persona', q.personaId);
  return { ...range, personaId: q.personaId };
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
  sentiment: ZSentimentSummary.optional().meta({
    description: "The sentiment of the touchpoint's texts in scope",
  }),
  csat: ZCsatSummary.optional().meta({ description: "CSAT of the touchpoint's surveys in scope" }),
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
  stages: z
    .array(ZStageEmotion)
    .optional()
    .meta({ description: 'Per stage: designed and measured emotion (docs/metrics.md)' }),
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
      const scope = await resolveScope(store, principal.workspaceId, query);
      return found(
        await store.touchpointMetrics(principal.workspaceId, { journeyId: params.id, ...scope }),
        'journey',
        params.id,
      );
    },
  );
}
