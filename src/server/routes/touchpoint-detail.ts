import { z } from 'zod';
import { ZMatchRules } from '../../core/schemas/touchpoint.ts';
import type { DetailQuery, Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { ZPage } from './customers.ts';
import { resolveScope, ZMetricsQuery } from './metrics.ts';

const ZBucket = z.enum(['day', 'week']);

const ZSeriesQuery = ZMetricsQuery.extend({
  bucket: ZBucket.optional().meta({
    description: 'Bucket length; default `day` for ranges up to 92 days, else `week` (UTC, Monday)',
  }),
});

const ZTouchpointSeries = z.object({
  touchpointId: z.string(),
  journeyId: z.string(),
  personaId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  bucket: ZBucket,
  conversionWindowDays: z.number(),
  totals: z.object({ volume: z.number(), reach: z.number(), converted: z.number() }),
  points: z.array(
    z.object({
      start: z.string().meta({ description: 'Start of the bucket (inclusive), UTC' }),
      volume: z.number(),
      reach: z.number(),
      converted: z.number(),
    }),
  ),
});

const ZJourneySeries = z.object({
  journeyId: z.string(),
  personaId: z.string().nullable(),
  from: z.string(),
  to: z.string(),
  bucket: ZBucket,
  points: z.array(
    z.object({
      start: z.string(),
      customers: z.number(),
      conversions: z.number(),
      conversionValue: z.number(),
    }),
  ),
});

const ZDroppedOffPage = z.object({
  touchpointId: z.string(),
  total: z.number().int(),
  items: z.array(
    z.object({
      customerId: z.string(),
      label: z.string().nullable(),
      lastTouchAt: z.string(),
      returnedAt: z.string().nullable(),
    }),
  ),
});

const ZNextSteps = z.object({
  touchpointId: z.string(),
  total: z.number().int(),
  steps: z.array(
    z.object({
      kind: z.enum(['touchpoint', 'goal', 'none']),
      touchpointId: z.string().nullable(),
      name: z.string(),
      count: z.number().int(),
      customers: z.number().int(),
      share: z.number(),
      medianHours: z.number().nullable(),
    }),
  ),
});

const ZMatchPreviewBody = z.object({
  matchRules: ZMatchRules,
  sampleSize: z.number().int().min(0).max(100).default(20).meta({
    description: 'How many of the latest matching events to return',
  }),
});

const ZTouchpointRef = z.object({ touchpointId: z.string(), name: z.string() });
const ZMatchPreview = z.object({
  journeyId: z.string(),
  from: z.string(),
  to: z.string(),
  count: z.number().int(),
  claimed: z.array(
    z.object({
      touchpointId: z.string().nullable(),
      name: z.string().nullable(),
      count: z.number().int(),
    }),
  ),
  sample: z.array(
    z.object({
      messageId: z.string(),
      timestamp: z.string(),
      customerId: z.string(),
      type: z.string(),
      event: z.string(),
      path: z.string().nullable(),
      claimedBy: ZTouchpointRef.nullable(),
    }),
  ),
});

/**
 * The touchpoint detail page and the journey dashboard: series, drop-offs, next steps and the
 * live preview of draft match rules. Every route takes the metrics' `from`, `to` and `personaId`.
 */
export function registerTouchpointDetailRoutes(api: ApiRegistry, store: Store) {
  /** The range and persona of a request; an unknown persona is a 404 naming it, as in metrics. */
  const scopeOf = async (
    workspaceId: string,
    query: z.output<typeof ZMetricsQuery>,
  ): Promise<DetailQuery> => resolveScope(store, workspaceId, query);

  api.route(
    {
      method: 'GET',
      url: '/api/touchpoints/:id/series',
      summary: "A touchpoint's volume, reach and conversions per day or week",
      tags: ['metrics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZSeriesQuery,
      response: ZTouchpointSeries,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(principal.workspaceId, query);
      return found(
        await store.touchpointSeries(principal.workspaceId, params.id, {
          ...scope,
          bucket: query.bucket,
        }),
        'touchpoint',
        params.id,
      );
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/touchpoints/:id/dropped-off',
      summary: 'Customers who dropped off after a touchpoint, latest drop-off first',
      tags: ['metrics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZMetricsQuery.extend(ZPage.shape),
      response: ZDroppedOffPage,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(principal.workspaceId, query);
      return found(
        await store.droppedOffCustomers(principal.workspaceId, params.id, {
          ...scope,
          limit: query.limit,
          offset: query.offset,
        }),
        'touchpoint',
        params.id,
      );
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/touchpoints/:id/next',
      summary: 'What customers did next after a touchpoint: next touchpoint, the goal, or nothing',
      tags: ['metrics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZMetricsQuery,
      response: ZNextSteps,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(principal.workspaceId, query);
      return found(
        await store.nextSteps(principal.workspaceId, params.id, scope),
        'touchpoint',
        params.id,
      );
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/journeys/:id/match-preview',
      summary:
        'How many events in the range draft match rules match, with the latest; saves nothing',
      tags: ['metrics'],
      auth: ['api'],
      // A preview reads and changes nothing: whoever may read the journey may try rules on it.
      role: 'viewer',
      params: ZIdParam,
      query: ZMetricsQuery,
      body: ZMatchPreviewBody,
      response: ZMatchPreview,
      status: 200,
    },
    async ({ principal, params, query, body }) => {
      const scope = await scopeOf(principal.workspaceId, query);
      return found(
        await store.previewMatchRules(principal.workspaceId, params.id, {
          ...scope,
          rules: body.matchRules,
          sampleSize: body.sampleSize,
        }),
        'journey',
        params.id,
      );
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/series',
      summary: "A journey's customers and conversions per day or week",
      tags: ['metrics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZSeriesQuery,
      response: ZJourneySeries,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(principal.workspaceId, query);
      return found(
        await store.journeySeries(principal.workspaceId, params.id, {
          ...scope,
          bucket: query.bucket,
        }),
        'journey',
        params.id,
      );
    },
  );
}
