import { z } from 'zod';
import { AppError, type FieldIssue, invalid } from '../../core/errors.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { resolveScope, ZMetricsQuery } from './metrics.ts';

export const ZGoalFilter = z.enum(['any', 'reached', 'not-reached']).default('any').meta({
  description:
    'Customers with a goal event in the range (`reached`), without one (`not-reached`), or all',
});

const ZSequenceQuery = ZMetricsQuery.extend({
  goal: ZGoalFilter,
  level: z
    .enum(['touchpoint', 'event'])
    .default('touchpoint')
    .meta({
      description:
        '`touchpoint`: touches and goal events (keys: touchpoint ids, `$goal`); ' +
        '`event`: every interaction (keys: event keys)',
    }),
  collapseRepeats: z.enum(['true', 'false']).default('true').meta({
    description: 'Consecutive steps with the same key count as one',
  }),
  sessionGapMinutes: z.coerce.number().int().min(1).max(525_600).optional().meta({
    description: "Cut a customer's steps where more than this many minutes pass between two",
  }),
});

const ZPathsQuery = ZSequenceQuery.extend({
  variants: z.coerce.number().int().min(1).max(200).default(20).meta({
    description: 'How many of the most frequent variants to list',
  }),
});

const ZFlowQuery = ZSequenceQuery.extend({
  anchor: z.string().min(1).max(500).meta({
    description: 'A touchpoint id or `$goal` (touchpoint level), an event key (event level)',
  }),
  direction: z.enum(['forward', 'backward']).default('forward'),
  depth: z.coerce.number().int().min(1).max(10).default(4),
  top: z.coerce.number().int().min(1).max(50).default(8).meta({
    description: 'Nodes kept per step; the rest merge into `$other`',
  }),
});

const ZKeyCount = z.object({ key: z.string(), count: z.number().int() });

const ZJourneyPaths = z.object({
  journeyId: z.string(),
  level: z.enum(['touchpoint', 'event']),
  from: z.string(),
  to: z.string(),
  personaId: z.string().nullable(),
  goal: z.enum(['any', 'reached', 'not-reached']),
  collapseRepeats: z.boolean(),
  sessionGapMinutes: z.number().nullable(),
  sequences: z.number().int(),
  steps: z.number().int(),
  distinctVariants: z.number().int(),
  nodes: z.array(
    z.object({
      key: z.string(),
      label: z.string(),
      touchpointId: z.string().nullable(),
      count: z.number().int(),
      sequences: z.number().int(),
    }),
  ),
  edges: z.array(
    z.object({
      from: z.string(),
      to: z.string(),
      count: z.number().int(),
      medianHours: z.number().nullable(),
    }),
  ),
  starts: z.array(ZKeyCount),
  ends: z.array(ZKeyCount),
  variants: z.array(
    z.object({ steps: z.array(z.string()), count: z.number().int(), share: z.number() }),
  ),
});

const ZPathFlow = z.object({
  journeyId: z.string(),
  level: z.enum(['touchpoint', 'event']),
  anchor: z.string(),
  direction: z.enum(['forward', 'backward']),
  depth: z.number().int(),
  sequences: z.number().int(),
  nodes: z.array(
    z.object({
      id: z.string(),
      step: z.number().int(),
      key: z.string(),
      label: z.string(),
      count: z.number().int(),
    }),
  ),
  links: z.array(z.object({ source: z.string(), target: z.string(), value: z.number().int() })),
});

/**
 * Re-throws the store's `invalid` errors with their fields placed in the request part they came
 * from (`steps.1.touchpointId` → `body.steps.1.touchpointId`): the store knows the field, the
 * route knows where the client sent it.
 */
export async function fieldsIn<T>(where: 'query' | 'body', run: Promise<T>): Promise<T> {
  try {
    return await run;
  } catch (err) {
    if (err instanceof AppError && err.code === 'invalid' && Array.isArray(err.details)) {
      throw invalid(
        `${where}.${err.message}`,
        (err.details as FieldIssue[]).map((d) => ({ ...d, path: `${where}.${d.path}` })),
      );
    }
    throw err;
  }
}

/** The range and filters of a paths or flow query; an unknown persona is a 404 naming it. */
async function scopeOf(store: Store, workspaceId: string, query: z.output<typeof ZSequenceQuery>) {
  return {
    ...(await resolveScope(store, workspaceId, query)),
    goal: query.goal,
    level: query.level,
    collapseRepeats: query.collapseRepeats === 'true',
    sessionGapMinutes: query.sessionGapMinutes ?? null,
  };
}

/**
 * Paths through a journey: the directly-follows graph with the most frequent variants, and the
 * Sankey flow around one step (docs/analytics.md, Paths).
 */
export function registerPathRoutes(api: ApiRegistry, store: Store) {
  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/paths',
      summary: "Directly-follows graph, start and end steps and top variants of a journey's paths",
      tags: ['analytics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZPathsQuery,
      response: ZJourneyPaths,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(store, principal.workspaceId, query);
      return found(
        await store.journeyPaths(principal.workspaceId, params.id, {
          ...scope,
          variants: query.variants,
        }),
        'journey',
        params.id,
      );
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/journeys/:id/paths/flow',
      summary: 'Sankey flow of the steps after (or before) an anchor step',
      tags: ['analytics'],
      auth: ['api'],
      params: ZIdParam,
      query: ZFlowQuery,
      response: ZPathFlow,
    },
    async ({ principal, params, query }) => {
      const scope = await scopeOf(store, principal.workspaceId, query);
      return found(
        await fieldsIn(
          'query',
          store.journeyPathFlow(principal.workspaceId, params.id, {
            ...scope,
            anchor: query.anchor,
            direction: query.direction,
            depth: query.depth,
            top: query.top,
          }),
        ),
        'journey',
        params.id,
      );
    },
  );
}
