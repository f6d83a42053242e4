import type { ScoredMessage } from '../../../core/listening/customer-voice.ts';
import type { TSentimentTally } from '../../../core/listening/sentiment-summary.ts';
import type { TSentimentLabel } from '../../../core/sentiment/score-sentiment.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';

/** A customer's events, merged profiles included (3 parameters: workspace, id, id). */
const CUSTOMER_EVENTS = `e.workspace_id = ? AND (e.customer_id = ? OR e.customer_id IN (
  SELECT customer_id FROM customer_aliases WHERE canonical_id = ?))`;

/**
 * The tally over all of a customer's scored texts, and the latest `limit` of them with their
 * scores (the timeline's badges).
 */
async function customerSentimentDuckdb(
  db: DuckDatabase,
  p: { workspaceId: string; customerId: string; limit: number },
): Promise<{ tally: TSentimentTally; messages: ScoredMessage[] }> {
  const ids = [p.workspaceId, p.customerId, p.customerId];
  const [tallyRows, rows] = await Promise.all([
    db.query<TSentimentTally>(
      `SELECT count(*) AS n, coalesce(sum(s.score), 0) AS sum,
         count(*) FILTER (WHERE s.label = 'positive') AS positive,
         count(*) FILTER (WHERE s.label = 'neutral') AS neutral,
         count(*) FILTER (WHERE s.label = 'negative') AS negative
       FROM events e JOIN text_sentiment s ON s.event_key = e.dedup_key
       WHERE ${CUSTOMER_EVENTS}`,
      ids,
    ),
    db.query<{
      message_id: string;
      ts: string;
      event: string;
      text: string;
      score: number;
      label: TSentimentLabel;
    }>(
      `SELECT e.message_id, e.ts, e.event, e.text, s.score, s.label
       FROM events e JOIN text_sentiment s ON s.event_key = e.dedup_key
       WHERE ${CUSTOMER_EVENTS}
       ORDER BY e.ts DESC, e.message_id LIMIT ?`,
      [...ids, p.limit],
    ),
  ]);
  return {
    tally: tallyRows[0] ?? { n: 0, sum: 0, positive: 0, neutral: 0, negative: 0 },
    messages: rows.map((r) => ({
      messageId: r.message_id,
      timestamp: r.ts,
      event: r.event,
      text: r.text,
      score: r.score,
      label: r.label,
    })),
  };
}

/** A customer's message sentiment, per engine. */
export const customerSentiment: EngineVariants<
  (
    db: DuckDatabase,
    p: { workspaceId: string; customerId: string; limit: number },
  ) => Promise<{ tally: TSentimentTally; messages: ScoredMessage[] }>
> = { duckdb: customerSentimentDuckdb };
