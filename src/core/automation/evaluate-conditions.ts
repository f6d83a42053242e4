import type { TCondition, TConditionSet } from '../schemas/automation.ts';
import { textOf, valueAt } from './render-template.ts';

/**
 * What a condition set is checked against: the customer's traits, the trigger event's properties
 * and the facts about their journey so far that the store looked up for the conditions named.
 */
export interface ConditionContext {
  traits: Record<string, unknown>;
  eventProperties: Record<string, unknown>;
  /** Touchpoints the customer has reached so far. */
  reachedTouchpoints: ReadonlySet<string>;
  /** Journeys whose goal the customer has reached so far. */
  reachedGoals: ReadonlySet<string>;
}

/** The touchpoints and journeys a condition set asks about (what the store must look up). */
export function journeyFactsNeeded(sets: readonly TConditionSet[]): {
  touchpointIds: string[];
  journeyIds: string[];
} {
  const tps = new Set<string>();
  const journeys = new Set<string>();
  for (const set of sets) {
    for (const c of set.conditions) {
      if (c.type === 'touchpoint') tps.add(c.touchpointId);
      if (c.type === 'goal') journeys.add(c.journeyId);
    }
  }
  return { touchpointIds: [...tps], journeyIds: [...journeys] };
}

const asNumber = (v: unknown) => {
  if (v === null || v === undefined || v === '') return Number.NaN;
  return Number(v);
};

/**
 * One condition on a value, with the semantics of the SQL that persona segments and match rules
 * compile to (store/queries/rules.ts): values compare as text, `gt`/`lt` as numbers, `contains`
 * ignores case, and a missing value fails every test but `neq`, `not_in` and `not_exists`.
 */
export function testValue(
  actual: unknown,
  op: string,
  expected: string | number | boolean | ReadonlyArray<string | number | boolean> | undefined,
): boolean {
  const missing = actual === undefined || actual === null;
  const text = textOf(actual);
  const values = Array.isArray(expected) ? expected : expected === undefined ? [] : [expected];
  const one = String(values[0] ?? '');
  switch (op) {
    case 'exists':
      return !missing;
    case 'not_exists':
      return missing;
    case 'eq':
      return !missing && text === one;
    case 'neq':
      return missing || text !== one;
    case 'in':
      return !missing && values.some((v) => String(v) === text);
    case 'not_in':
      return missing || !values.some((v) => String(v) === text);
    case 'contains':
      return !missing && text.toLowerCase().includes(one.toLowerCase());
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      const a = asNumber(actual);
      const b = Number(one);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return op === 'gt' ? a > b : op === 'gte' ? a >= b : op === 'lt' ? a < b : a <= b;
    }
    default:
      return false;
  }
}

/** Whether one condition holds. */
export function conditionHolds(c: TCondition, ctx: ConditionContext): boolean {
  switch (c.type) {
    case 'trait':
      return testValue(valueAt(ctx.traits, c.trait), c.op, c.value);
    case 'event_property':
      return testValue(valueAt(ctx.eventProperties, c.key), c.op, c.value);
    case 'touchpoint':
      return ctx.reachedTouchpoints.has(c.touchpointId) === c.reached;
    case 'goal':
      return ctx.reachedGoals.has(c.journeyId) === c.reached;
  }
}

/**
 * Whether a condition set holds: all (or any) of its conditions; an empty set always holds.
 *
 * @example evaluateConditions({ match: 'all', conditions: [] }, ctx) === true
 */
export function evaluateConditions(set: TConditionSet, ctx: ConditionContext): boolean {
  if (set.conditions.length === 0) return true;
  return set.match === 'all'
    ? set.conditions.every((c) => conditionHolds(c, ctx))
    : set.conditions.some((c) => conditionHolds(c, ctx));
}
