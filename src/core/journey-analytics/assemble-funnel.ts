import type { FunnelStep, NextAfterDrop } from './types.ts';

const ratio = (a: number, b: number) => (b > 0 ? a / b : 0);

/** A funnel step as the request named it, with its label. */
export interface FunnelStepInfo {
  label: string;
  touchpointId: string | null;
  event: string | null;
}

/**
 * The funnel's steps with their conversions: `conversionFromPrevious` = customers ÷ the previous
 * step's, `conversionFromFirst` = customers ÷ the first step's; for the first step both are 1
 * when it has customers, else 0 (a rate over no customers is 0, as everywhere in the metrics).
 *
 * @example assembleFunnelSteps([a, b], [{ customers: 4, medianHours: null },
 *   { customers: 1, medianHours: 2 }])[1].conversionFromFirst === 0.25
 */
export function assembleFunnelSteps(
  steps: readonly FunnelStepInfo[],
  counts: ReadonlyArray<{ customers: number; medianHours: number | null }>,
): FunnelStep[] {
  const first = counts[0]?.customers ?? 0;
  return steps.map((s, index) => {
    const customers = counts[index]?.customers ?? 0;
    const previous = index === 0 ? customers : (counts[index - 1]?.customers ?? 0);
    return {
      index,
      ...s,
      customers,
      conversionFromPrevious: ratio(customers, previous),
      conversionFromFirst: ratio(customers, first),
      medianHoursFromPrevious: index === 0 ? null : (counts[index]?.medianHours ?? null),
    };
  });
}

/**
 * The most frequent next steps of dropped-off customers: by customers, ties by key, at most
 * `limit`.
 *
 * @example rankNextSteps([{ key: '$none', customers: 1 }, { key: 'tp_1', customers: 3 }],
 *   (k) => k, 10) // tp_1 (3), then $none (1)
 */
export function rankNextSteps(
  rows: ReadonlyArray<{ key: string; customers: number }>,
  label: (key: string) => string,
  limit = 10,
): NextAfterDrop[] {
  return [...rows]
    .sort((a, b) => b.customers - a.customers || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, limit)
    .map((r) => ({ key: r.key, label: label(r.key), customers: r.customers }));
}
