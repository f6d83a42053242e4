import { z } from 'zod';
import { toPatchSchema, ZId } from './common.ts';
import { CHANNELS, DESIGNED_MARKERS, FOUR_KEYS, PHASES } from './touchpoint-enums.ts';

export { CHANNELS, DESIGNED_MARKERS, FOUR_KEYS, PHASES };
export const ZChannel = z.enum(CHANNELS);
export type TChannel = z.infer<typeof ZChannel>;

export const ZPhase = z
  .enum(PHASES)
  .meta({ description: 'before / during / after purchase, or service' });
export type TPhase = z.infer<typeof ZPhase>;

export const ZDesignedMarker = z.enum(DESIGNED_MARKERS);
export type TDesignedMarker = z.infer<typeof ZDesignedMarker>;

const ZScore = z.number().int().min(1).max(5);
/** The four keys a touchpoint is judged by, each scored 1-5 (null = not scored yet). */
export const ZFourKeys = z.object({
  relevance: ZScore.nullable().default(null),
  usefulness: ZScore.nullable().default(null),
  simplicity: ZScore.nullable().default(null),
  attractiveness: ZScore.nullable().default(null),
});
export type TFourKeys = z.infer<typeof ZFourKeys>;

export const KPI_METRICS = [
  'volume',
  'reach',
  'reachShare',
  'conversionRate',
  'dropOffRate',
  'medianHoursToNext',
  'csat',
  'nps',
  'ces',
] as const;
export const ZKpiTarget = z.object({
  metric: z.enum(KPI_METRICS),
  op: z.enum(['gte', 'lte']),
  value: z.number(),
});
export type TKpiTarget = z.infer<typeof ZKpiTarget>;

/**
 * A condition on one event property. `key` is a property name (dots reach nested objects); it is
 * data bound as a value, never an SQL identifier.
 */
export const ZPropertyCondition = z.object({
  key: z.string().min(1).max(200),
  op: z.enum(['eq', 'neq', 'contains', 'exists', 'gt', 'lt']).default('eq'),
  value: z.union([z.string().max(1000), z.number(), z.boolean()]).optional(),
});
export type TPropertyCondition = z.infer<typeof ZPropertyCondition>;

/**
 * One match rule: every condition it states must hold (AND). A touchpoint matches an event when
 * any of its rules does (OR). Text patterns accept `*` as a wildcard (`/checkout*`); matching of
 * names, sources and channels ignores case.
 */
export const ZMatchRule = z
  .object({
    type: z.enum(['track', 'page', 'screen', 'identify', 'group', 'alias']).optional(),
    event: z.string().min(1).max(200).optional().meta({ description: 'Event name; `*` wildcard' }),
    path: z.string().min(1).max(500).optional().meta({ description: 'Page path; `*` wildcard' }),
    utmSource: z.string().min(1).max(200).optional(),
    utmMedium: z.string().min(1).max(200).optional(),
    utmCampaign: z.string().min(1).max(200).optional(),
    channel: z.string().min(1).max(100).optional().meta({
      description: 'The channel the event was sent with (context.channel or properties.channel)',
    }),
    properties: z.array(ZPropertyCondition).max(20).optional(),
  })
  .refine(
    (r) =>
      r.type !== undefined ||
      r.event !== undefined ||
      r.path !== undefined ||
      r.utmSource !== undefined ||
      r.utmMedium !== undefined ||
      r.utmCampaign !== undefined ||
      r.channel !== undefined ||
      (r.properties !== undefined && r.properties.length > 0),
    { message: 'a match rule needs at least one condition' },
  );
export type TMatchRule = z.infer<typeof ZMatchRule>;

/** A touchpoint's rules; also what the match preview takes, so that a draft validates as saved. */
export const ZMatchRules = z.array(ZMatchRule).max(50);

export const ZTouchpoint = z.object({
  id: ZId,
  journeyId: ZId,
  stageId: ZId,
  position: z.number().int().min(0),
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  channel: ZChannel,
  phase: ZPhase,
  owner: z.string().max(200).default(''),
  designedMarker: ZDesignedMarker.default('neutral'),
  keys: ZFourKeys.default({
    relevance: null,
    usefulness: null,
    simplicity: null,
    attractiveness: null,
  }),
  kpis: z.array(ZKpiTarget).max(20).default([]),
  matchRules: ZMatchRules.default([]),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TTouchpoint = z.infer<typeof ZTouchpoint>;

export const ZTouchpointCreate = ZTouchpoint.pick({
  stageId: true,
  name: true,
  description: true,
  channel: true,
  phase: true,
  owner: true,
  designedMarker: true,
  keys: true,
  kpis: true,
  matchRules: true,
}).extend({
  position: z.number().int().min(0).optional().meta({ description: 'Default: last in its stage' }),
});
export type TTouchpointCreate = z.input<typeof ZTouchpointCreate>;
export const ZTouchpointUpdate = toPatchSchema(ZTouchpointCreate);
