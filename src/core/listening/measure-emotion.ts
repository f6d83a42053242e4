import { scoreCsat } from '../survey-scores/score-surveys.ts';

/**
 * Measured emotion: how customers felt at a stage, on the designed emotion's −2..+2 scale, from
 * what they wrote (sentiment) and what they rated (CSAT). docs/metrics.md, Measured emotion.
 */

/** A CSAT rating count table (rating 1–5 → responses) summarized. */
export interface TCsatSummary {
  /** % of responses rated 4 or 5 (the CSAT score of core/survey-scores), null without any. */
  csat: number | null;
  /** The mean rating, 1–5; null without responses. */
  mean: number | null;
  responses: number;
}

/**
 * CSAT (% rated 4–5, by the one definition in core/survey-scores) and the mean rating of a table
 * of CSAT ratings.
 *
 * @example summarizeCsat({ 5: 2, 2: 1 }) // { csat: 66.67, mean: 4, responses: 3 } (rounded)
 */
export function summarizeCsat(ratings: Readonly<Record<number, number>>): TCsatSummary {
  const scored = scoreCsat(ratings);
  let sum = 0;
  for (const [rating, n] of Object.entries(ratings)) sum += Number(rating) * n;
  return {
    csat: scored.csat,
    mean: scored.responses > 0 ? sum / scored.responses : null,
    responses: scored.responses,
  };
}

/** Sentiment in [−1, 1] on the emotion scale: × 2. */
export const sentimentToEmotion = (average: number) => 2 * average;
/** A mean CSAT rating 1–5 on the emotion scale: − 3 (1 → −2, 3 → 0, 5 → +2). */
export const csatToEmotion = (mean: number) => mean - 3;

export interface TMeasuredEmotion {
  /** −2..+2: the mean of the two sources that have data. */
  value: number;
  /** Texts and CSAT responses it rests on. */
  n: number;
  /** Each source on the emotion scale, null without data. */
  fromSentiment: number | null;
  fromCsat: number | null;
  sentimentN: number;
  csatN: number;
}

/**
 * The measured emotion of a stage: sentiment (× 2) and the mean CSAT rating (− 3) each put on the
 * −2..+2 scale, then averaged with equal weight when both have data, else the one that has; null
 * when neither has. Equal weight, not per response, because a stage often holds hundreds of chat
 * messages and a few dozen ratings: pooling them would let the chat drown out the ratings.
 *
 * @example measureEmotion({ average: 0.25, n: 4 }, { mean: 4, responses: 2 })
 * // { value: 0.75, n: 6, fromSentiment: 0.5, fromCsat: 1, sentimentN: 4, csatN: 2 }
 */
export function measureEmotion(
  sentiment: { average: number | null; n: number } | null,
  csat: { mean: number | null; responses: number } | null,
): TMeasuredEmotion | null {
  const fromSentiment =
    sentiment && sentiment.n > 0 && sentiment.average !== null
      ? sentimentToEmotion(sentiment.average)
      : null;
  const fromCsat =
    csat && csat.responses > 0 && csat.mean !== null ? csatToEmotion(csat.mean) : null;
  const parts = [fromSentiment, fromCsat].filter((x): x is number => x !== null);
  if (parts.length === 0) return null;
  const sentimentN = fromSentiment === null ? 0 : sentiment!.n;
  const csatN = fromCsat === null ? 0 : csat!.responses;
  return {
    value: parts.reduce((a, b) => a + b, 0) / parts.length,
    n: sentimentN + csatN,
    fromSentiment,
    fromCsat,
    sentimentN,
    csatN,
  };
}
