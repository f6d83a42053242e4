import { z } from 'zod';
import { toPatchSchema, ZId } from './common.ts';

const ZScalar = z.union([z.string().max(1000), z.number(), z.boolean()]);

/**
 * One condition over a customer trait. `trait` is a trait name (a dotted path reaches into
 * nested objects: `address.country`); it is data, bound as a value, never spliced into SQL.
 */
export const ZTraitCondition = z.object({
  trait: z.string().min(1).max(200),
  op: z.enum([
    'eq',
    'neq',
    'in',
    'not_in',
    'contains',
    'gt',
    'gte',
    'lt',
    'lte',
    'exists',
    'not_exists',
  ]),
  value: z.union([ZScalar, z.array(ZScalar).max(1000)]).optional(),
});
export type TTraitCondition = z.infer<typeof ZTraitCondition>;

/** A persona's segment rule: all (AND) or any (OR) of its conditions. Empty = every customer. */
export const ZSegmentRule = z.object({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(ZTraitCondition).max(50).default([]),
});
export type TSegmentRule = z.infer<typeof ZSegmentRule>;

export const ZPersona = z.object({
  id: ZId,
  workspaceId: ZId,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  goals: z.array(z.string().max(500)).max(50).default([]),
  frustrations: z.array(z.string().max(500)).max(50).default([]),
  segment: ZSegmentRule.default({ match: 'all', conditions: [] }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TPersona = z.infer<typeof ZPersona>;

export const ZPersonaCreate = ZPersona.pick({
  name: true,
  description: true,
  goals: true,
  frustrations: true,
  segment: true,
});
export type TPersonaCreate = z.input<typeof ZPersonaCreate>;
export const ZPersonaUpdate = toPatchSchema(ZPersonaCreate);
