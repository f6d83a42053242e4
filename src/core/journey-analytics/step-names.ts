import { GOAL_STEP, NONE_STEP, type PathLevel } from './types.ts';

/** A query's step key: a touchpoint index in map order (or the goal's key), or an event key. */
export type RawStepKey = number | string;

export interface StepNames {
  /** The public key of a query's key: a touchpoint id, `$goal`, or the event key itself. */
  keyOf(raw: RawStepKey): string;
  /** The query's key of a public key; undefined for a touchpoint that is not on the journey. */
  rawOf(key: string): RawStepKey | undefined;
  /** How a public key is shown. */
  describe(key: string): { label: string; touchpointId: string | null };
}

/**
 * Translates between the keys the queries use (small integers for the touchpoint level) and the
 * public ones, with their labels: a touchpoint's name, the goal's event name for `$goal`
 * ("Goal" without a goal), the event key itself at the event level.
 *
 * @example stepNames('touchpoint', [{ id: 'tp_1', name: 'Landing' }], 'Order Completed', 99)
 *   .keyOf(0) === 'tp_1'
 */
export function stepNames(
  level: PathLevel,
  touchpoints: ReadonlyArray<{ id: string; name: string }>,
  goalEvent: string | null,
  goalKey: number,
): StepNames {
  const goalLabel = goalEvent ?? 'Goal';
  if (level === 'event') {
    return {
      keyOf: (raw) => String(raw),
      rawOf: (key) => key,
      describe: (key) => ({ label: key, touchpointId: null }),
    };
  }
  const index = new Map(touchpoints.map((t, i) => [t.id, i]));
  return {
    keyOf: (raw) => (raw === goalKey ? GOAL_STEP : (touchpoints[Number(raw)]?.id ?? String(raw))),
    rawOf: (key) => (key === GOAL_STEP ? goalKey : index.get(key)),
    describe: (key) => {
      if (key === GOAL_STEP) return { label: goalLabel, touchpointId: null };
      if (key === NONE_STEP) return { label: 'Nothing more', touchpointId: null };
      const i = index.get(key);
      return i === undefined
        ? { label: key, touchpointId: null }
        : { label: touchpoints[i]!.name, touchpointId: key };
    },
  };
}
