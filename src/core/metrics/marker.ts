import type { TKpiTarget, TPhase } from '../schemas/touchpoint.ts';
import type { MeasuredMarker } from './types.ts';

/** Below this many customers reached, a marker would be noise: none is given. */
export const MIN_REACH_FOR_MARKER = 30;

export interface MarkerInput {
  phase: TPhase;
  reach: number;
  conversionRate: number;
  dropOffRate: number;
  kpis: readonly TKpiTarget[];
  /** KPI metric values by name, for the KPI targets to be checked against. */
  values: Readonly<Record<string, number | null>>;
}

export interface Baseline {
  conversionRate: number;
  dropOffRate: number;
}

/**
 * The measured marker of a touchpoint, against its journey's baseline.
 *
 * - No marker below {@link MIN_REACH_FOR_MARKER} customers reached.
 * - **red** when customers drop off here at least 1.5× as often as the journey's average
 *   touchpoint (and at least 5 points more), or, before and during purchase, when conversion after
 *   the touch is at most half the journey's conversion rate.
 * - **green** when drop-off is at or below the baseline, conversion (before/during purchase) at or
 *   above it, and every KPI target is met.
 * - **yellow** otherwise.
 *
 * After-purchase and service touchpoints are not judged on conversion: customers reach them after
 * the goal, so a low "conversion after touch" there says nothing about the touchpoint.
 *
 * @example measureMarker({ phase: 'during', reach: 500, conversionRate: 0.02, dropOffRate: 0.6,
 *   kpis: [], values: {} }, { conversionRate: 0.1, dropOffRate: 0.3 }).marker === 'red'
 */
export function measureMarker(
  input: MarkerInput,
  baseline: Baseline,
): { marker: MeasuredMarker | null; reasons: string[] } {
  if (input.reach < MIN_REACH_FOR_MARKER) {
    return {
      marker: null,
      reasons: [`only ${input.reach} customers reached (a marker needs ${MIN_REACH_FOR_MARKER})`],
    };
  }
  const judgedOnConversion = input.phase === 'before' || input.phase === 'during';
  const reasons: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

  const highDropOff =
    input.dropOffRate >= 1.5 * baseline.dropOffRate &&
    input.dropOffRate - baseline.dropOffRate >= 0.05;
  const lowConversion =
    judgedOnConversion &&
    baseline.conversionRate > 0 &&
    input.conversionRate <= 0.5 * baseline.conversionRate;
  if (highDropOff)
    reasons.push(`drop-off ${pct(input.dropOffRate)} vs ${pct(baseline.dropOffRate)} baseline`);
  if (lowConversion)
    reasons.push(
      `conversion ${pct(input.conversionRate)} vs ${pct(baseline.conversionRate)} baseline`,
    );
  if (highDropOff || lowConversion) return { marker: 'red', reasons };

  const missed = input.kpis.filter((k) => {
    const v = input.values[k.metric];
    if (v === null || v === undefined) return false;
    return k.op === 'gte' ? v < k.value : v > k.value;
  });
  for (const k of missed) {
    reasons.push(
      `KPI ${k.metric} ${k.op === 'gte' ? '>=' : '<='} ${k.value} missed (${input.values[k.metric]})`,
    );
  }
  const dropOffOk = input.dropOffRate <= baseline.dropOffRate;
  const conversionOk = !judgedOnConversion || input.conversionRate >= baseline.conversionRate;
  if (dropOffOk && conversionOk && missed.length === 0) return { marker: 'green', reasons };
  if (!dropOffOk)
    reasons.push(`drop-off ${pct(input.dropOffRate)} above ${pct(baseline.dropOffRate)} baseline`);
  if (!conversionOk)
    reasons.push(
      `conversion ${pct(input.conversionRate)} below ${pct(baseline.conversionRate)} baseline`,
    );
  return { marker: 'yellow', reasons };
}
