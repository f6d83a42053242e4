/** How the app writes a sentiment score (−1..1) and a label. */

export type SentimentLabel = 'positive' | 'neutral' | 'negative';

/** "+0.46", "−0.32", "±0.00". */
export function formatSentiment(score: number): string {
  const fixed = Math.abs(score).toFixed(2);
  if (fixed === '0.00') return '±0.00';
  return `${score > 0 ? '+' : '−'}${fixed}`;
}

/** The badge class of a label: green, grey or red. */
export const sentimentClass = (label: SentimentLabel | null) =>
  `sent-badge sent-${label ?? 'none'}`;
