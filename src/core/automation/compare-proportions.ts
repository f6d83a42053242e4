import { type TInterval, wilsonInterval } from '../survey-scores/intervals.ts';

/** A share: `successes` out of `n`, with its rate (null when n is 0). */
export interface Proportion {
  n: number;
  successes: number;
  rate: number | null;
}

export interface ProportionDifference {
  /** rate(a) − rate(b); null when either group is empty. */
  difference: number | null;
  /** Newcombe's hybrid score interval (method 10) for the difference, at 95 %. */
  ci95: TInterval | null;
  /** Whether the interval excludes 0. */
  significant: boolean | null;
}

/** A proportion with its rate. */
export function proportion(successes: number, n: number): Proportion {
  return { n, successes, rate: n > 0 ? successes / n : null };
}

/**
 * The difference of two independent proportions with a 95 % interval by Newcombe's method 10
 * (the Wilson intervals of each side combined), which keeps its coverage with small groups and
 * rates near 0 or 1, where the Wald interval does not.
 *
 * @example compareProportions(proportion(56, 70), proportion(48, 80))
 *   // difference 0.2, ci95 ≈ { low: 0.0524, high: 0.3339 } (Newcombe 1998, example (a))
 */
export function compareProportions(a: Proportion, b: Proportion): ProportionDifference {
  if (a.n === 0 || b.n === 0 || a.rate === null || b.rate === null) {
    return { difference: null, ci95: null, significant: null };
  }
  const wa = wilsonInterval(a.successes, a.n);
  const wb = wilsonInterval(b.successes, b.n);
  const d = a.rate - b.rate;
  const low = d - Math.sqrt((a.rate - wa.low) ** 2 + (wb.high - b.rate) ** 2);
  const high = d + Math.sqrt((wa.high - a.rate) ** 2 + (b.rate - wb.low) ** 2);
  return { difference: d, ci95: { low, high }, significant: low > 0 || high < 0 };
}
