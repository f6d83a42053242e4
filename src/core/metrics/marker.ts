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
  /** What customers wrote and rated here (src/core/listening); absent: not judged on it. */
  listening?: ListeningEvidence;
}

/** The sentiment of a touchpoint's texts and its CSAT, as the marker weighs them. */
export interface ListeningEvidence {
  /** Mean sentiment in [−1, 1] over `n` texts. */
  sentiment: { average: number | null; n: number } | null;
  /** CSAT: % of responses rated 4–5, over `responses`. */
  csat: { csat: number | null; responses: number } | null;
}

/** Below this many texts, or CSAT responses, that source is not judged. */
export const MIN_TEXTS_FOR_MARKER = 10;
export const MIN_RESPONSES_FOR_MARKER = 10;
/** Mean sentiment at or below this is strongly negative: red. */
export const RED_SENTIMENT = -0.3;
/** Mean sentiment at or below this (the scorer's negative label) keeps a touchpoint from green. */
export const YELLOW_SENTIMENT = -0.05;
/** CSAT below this (percent) is red; below the second, not green. */
export const RED_CSAT = 60;
export const YELLOW_CSAT = 75;

/**
 * What sentiment and CSAT say about a touchpoint: reasons that make it red, and reasons that keep
 * it from green. Service touchpoints are not judged on sentiment: customers arrive there with a
 * problem, and what they write describes the problem, not the service (CSAT rates the service).
 */
export function judgeListening(
  phase: TPhase,
  evidence: ListeningEvidence | undefined,
): { red: string[]; notGreen: string[] } {
  const red: string[] = [];
  const notGreen: string[] = [];
  const s = evidence?.sentiment;
  if (phase !== 'service' && s && s.average !== null && s.n >= MIN_TEXTS_FOR_MARKER) {
    const text = `sentiment ${s.average.toFixed(2)} across ${s.n} texts`;
    if (s.average <= RED_SENTIMENT) red.push(`${text} (strongly negative: <= ${RED_SENTIMENT})`);
    else if (s.average <= YELLOW_SENTIMENT) notGreen.push(`${text} (negative)`);
  }
  const c = evidence?.csat;
  if (c && c.csat !== null && c.responses >= MIN_RESPONSES_FOR_MARKER) {
    const text = `CSAT ${c.csat.toFixed(1)}% from ${c.responses} responses`;
    if (c.csat < RED_CSAT) red.push(`${text} (below ${RED_CSAT}%)`);
    else if (c.csat < YELLOW_CSAT) notGreen.push(`${text} (below ${YELLOW_CSAT}%)`);
  }
  return { red, notGreen };
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
 * - What customers wrote and rated ({@link judgeListening}): strongly negative sentiment or CSAT
 *   below 60 % makes it red; negative sentiment or CSAT below 75 % keeps it from green.
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
  const listened = judgeListening(input.phase, input.listening);
  if (highDropOff || lowConversion || listened.red.length > 0)
    return { marker: 'red', reasons: [...reasons, ...listened.red] };

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
  if (dropOffOk && conversionOk && missed.length === 0 && listened.notGreen.length === 0)
    return { marker: 'green', reasons };
  if (!dropOffOk)
    reasons.push(`drop-off ${pct(input.dropOffRate)} above ${pct(baseline.dropOffRate)} baseline`);
  if (!conversionOk)
    reasons.push(
      `conversion ${pct(input.conversionRate)} below ${pct(baseline.conversionRate)} baseline`,
    );
  reasons.push(...listened.notGreen);
  return { marker: 'yellow', reasons };
}
