import { labelSentiment, type TSentimentLabel } from '../sentiment/score-sentiment.ts';

/** Sums over scored texts, as a query returns them: how many, the sum of scores, each label. */
export interface TSentimentTally {
  n: number;
  sum: number;
  positive: number;
  neutral: number;
  negative: number;
}

/** The sentiment of a group of texts (a touchpoint, a stage, a customer). */
export interface TSentimentSummary {
  /** Mean score in [−1, 1]; null without texts. */
  average: number | null;
  /** The label of the mean score (null without texts). */
  label: TSentimentLabel | null;
  n: number;
  labels: Record<TSentimentLabel, number>;
}

export const EMPTY_TALLY: TSentimentTally = { n: 0, sum: 0, positive: 0, neutral: 0, negative: 0 };

/** Adds tallies (a stage's from its touchpoints'). */
export function addTallies(tallies: readonly TSentimentTally[]): TSentimentTally {
  const out = { ...EMPTY_TALLY };
  for (const t of tallies) {
    out.n += t.n;
    out.sum += t.sum;
    out.positive += t.positive;
    out.neutral += t.neutral;
    out.negative += t.negative;
  }
  return out;
}

/**
 * The mean score and the label counts of a tally; the label of the mean uses the scorer's own
 * neutral band, so a group reads like one text would.
 *
 * @example summarizeSentiment({ n: 2, sum: 0.5, positive: 1, neutral: 1, negative: 0 })
 * // { average: 0.25, label: 'positive', n: 2, labels: { positive: 1, neutral: 1, negative: 0 } }
 */
export function summarizeSentiment(t: TSentimentTally): TSentimentSummary {
  const average = t.n > 0 ? t.sum / t.n : null;
  return {
    average,
    label: average === null ? null : labelSentiment(average),
    n: t.n,
    labels: { positive: t.positive, neutral: t.neutral, negative: t.negative },
  };
}
