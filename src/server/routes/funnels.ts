import { z } from 'zod';
import { ZTimestamp } from '../../core/schemas/common.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { resolveScope } from './metrics.ts';
import { fieldsIn, ZGoalFilter } from './paths.ts';

const ZFunnelStepRef = z.union([
  z.strictObject({ touchpointId: z.string().min(1).max(64) }),
  z.strictObject({
    event: z.string().min(1).max(500).meta({
      description: 'An event key: a track event name, `page:<path>` or `screen:<name>`',
    }),
  }),
]);

const funnelFields = {
  steps: z.array(ZFunnelStepRef).min(2).max(10),
  windowDays: z.number().positive().max(3650).optional().meta({
    description: "Every step within this many days of the first; default the journey's window",
  }),
  order: z.enum(['loose', 'strict']).default('loose'),
  from: ZTimestamp.optional().meta({
    description: 'Inclusive start; default 180 days before `to`',
  }),
  to: ZTimestamp.optional().meta({ description: 'Exclusive end; default now' }),
  personaId: z.string().max(64).optional(),
  goal: ZGoalFilter,
};

type FunnelFields = z.output<z.ZodObject<typeof funnelFields>>;

/** Strict order compares consecutive steps of one level: the steps must be of one kind. */
function checkOrder(body: FunnelFields, ctx: z.RefinementCtx) {
  const kinds = new Set(body.steps.map((s) => 'touchpointId' in s));
  if (body.order === 'strict' && kinds.size > 1) {
    ctx.addIssue({
      code: 'custom',
      path: ['order'],
      message: 'strict order needs steps of one kind: all touchpoints or all events',
    });
  }
}

const ZFunnelBody = z.object(funnelFields).superRefine(checkOrder);

const ZDropOffBody = z
  .object({
    ...funnelFields,
    step: z.number().int().min(1).max(9).meta({
      description: 'Customers who reached step `step - 1` (0-based) but not `step`',
    }),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .superRefine((body, ctx) => {
    checkOrder(body, ctx);
    if (body.step >= body.steps.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['step'],
        message: `must be below the number of steps (${body.steps.length})`,
      });
    }
  });

const ZFunnelReport = z.object({
  journeyId: z.string(),
  order: z.enum(['loose', 'strict']),
  windowDays: z.number(),
  from: z.string(),
  to: z.string(),
  personaId: z.string().nullable(),
  goal: z.enum(['any', 'reached', 'not-reached']),
  steps: z.array(
    z.object({
      index: z.number().int(),
      label: z.string(),
      touchpointId: z.string().nullable(),
      event: z.string().nullable(),
      customers: z.number().int(),
      conversionFromPrevious: z.number(),
      conversionFromFirst: z.number(),
      medianHoursFromPrevious: z.number().nullable(),
    }),
  ),
});

const ZFunnelDropOff = z.object({
  step: z.number().int(),
  total: z.number().int(),
  customers: z.array(
    z.object({ customerId: z.string(), label: z.string(), reachedAt: z.string() }),
  ),
  next: z.array(z.object({ key: z.string(), label: z.string(), customers: z.number().int() })),
});

/** The range and filters of a funnel body; a reversed range names `body.from`. */
async function scopeOf(store: Store, workspaceId: string, body: FunnelFields) {
  return {
    ...(await resolveScope(store, workspaceId, body, 'body')),
    goal: body.goal,
    steps: body.steps,
    windowDays: body.windowDays,
    order: body.order,
  };
}

/**
 * Funnels over a journey's touchpoints and events, and who dropped off before a step
 * (docs/analytics.md, Funnels). POST for the body of steps; they read and change nothing, so
 * viewers may call them.
 */
export function registerFunnelRoutes(api: ApiRegistry, store: Store) {
  api.route(
    {
      method: 'POST',
      url: '/api/journeys/:id/funnels',
      summary: 'Customers per funnel step, with conversions and median times between steps',
      tags: ['analytics'],
      auth: ['api'],
      role: 'viewer',
      params: ZIdParam,
      body: ZFunnelBody,
      response: ZFunnelReport,
      status: 200,
    },
    async ({ principal, params, body }) => {
      const scope = await scopeOf(store, principal.workspaceId, body);
      return found(
        await fieldsIn('body', store.journeyFunnel(principal.workspaceId, params.id, scope)),
        'journey',
        params.id,
      );
    },
  );

  api.route(
    {
      method: 'POST',
      url: '/api/journeys/:id/funnels/drop-off',
      summary: 'Customers who reached a funnel step but not the next, and what they did next',
      tags: ['analytics'],
      auth: ['api'],
      role: 'viewer',
      params: ZIdParam,
      body: ZDropOffBody,
      response: ZFunnelDropOff,
      status: 200,
    },
    async ({ principal, params, body }) => {
      const scope = await scopeOf(store, principal.workspaceId, body);
      return found(
        await fieldsIn(
          'body',
          store.funnelDropOff(principal.workspaceId, params.id, {
            ...scope,
            step: body.step,
            limit: body.limit,
            offset: body.offset,
          }),
        ),
        'journey',
        params.id,
      );
    },
  );
}
