import type { TouchpointMetrics } from '../metrics/types.ts';

const DAY = 86_400_000;

/** The figures a task's impact compares, all from the touchpoint metrics of each window. */
export const IMPACT_METRICS = [
  'volume',
  'reach',
  'conversionRate',
  'dropOffRate',
  'medianHoursToNext',
] as const;
export type TImpactMetric = (typeof IMPACT_METRICS)[number];

export interface ImpactWindows {
  before: { from: Date; to: Date };
  /** `complete` is false while fewer than `days` days have passed since completion. */
  after: { from: Date; to: Date; complete: boolean };
}

/**
 * The windows around a task's completion: the `days` days before it and the `days` days after
 * it, the latter cut at `now` while it is still running.
 *
 * @example impactWindows(new Date('2025-03-01'), new Date('2025-03-11'), 30).after.complete === false
 */
export function impactWindows(completedAt: Date, now: Date, days = 30): ImpactWindows {
  const t = completedAt.getTime();
  const end = Math.min(t + days * DAY, now.getTime());
  return {
    before: { from: new Date(t - days * DAY), to: new Date(t) },
    after: {
      from: new Date(t),
      to: new Date(Math.max(end, t + 1)),
      complete: end >= t + days * DAY,
    },
  };
}

export interface ImpactChange {
  metric: TImpactMetric;
  before: number | null;
  after: number | null;
  /** after − before (rates in fractions, e.g. -0.05 is 5 points less); null when either is. */
  change: number | null;
  /** change ÷ before; null when before is 0 or missing. */
  relativeChange: number | null;
}

/**
 * The change of each figure between the two windows. A window without a touch gives zeros (and
 * no median), as the metrics report does.
 */
export function compareImpact(
  before: TouchpointMetrics | undefined,
  after: TouchpointMetrics | undefined,
): ImpactChange[] {
  return IMPACT_METRICS.map((metric) => {
    const b = before ? before[metric] : metric === 'medianHoursToNext' ? null : 0;
    const a = after ? after[metric] : metric === 'medianHoursToNext' ? null : 0;
    const change = a === null || b === null ? null : a - b;
    return {
      metric,
      before: b,
      after: a,
      change,
      relativeChange: change === null || !b ? null : change / b,
    };
  });
}
