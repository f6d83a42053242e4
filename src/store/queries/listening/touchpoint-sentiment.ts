import type { TSentimentTally } from '../../../core/listening/sentiment-summary.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { compileTouchpointCase } from '../rules.ts';
import {
  ALIAS_JOIN,
  type JourneyScope,
  SqlBuilder,
  scopeCondition,
} from '../touchpoint-detail/journey-scope.ts';

/**
 * The sentiment tally of each touchpoint's texts in scope: the events in range (persona
 * included) that carry a scored text, each given to the first touchpoint in map order whose
 * rules match it, as in the metrics. Keys are touchpoint indexes in map order. Only events with
 * text are classified, so the rules run on a small share of the events.
 */
async function touchpointSentimentDuckdb(
  db: DuckDatabase,
  p: JourneyScope,
): Promise<Map<number, TSentimentTally>> {
  const tpCase = compileTouchpointCase(p.touchpoints.map((t) => t.matchRules));
  const q = new SqlBuilder()
    .add('SELECT x.tp, count(*) AS n, sum(s.score) AS sum, ')
    .add(`count(*) FILTER (WHERE s.label = 'positive') AS positive,
      count(*) FILTER (WHERE s.label = 'neutral') AS neutral,
      count(*) FILTER (WHERE s.label = 'negative') AS negative
    FROM (SELECT e.dedup_key, `)
    .fragment(tpCase)
    .add(` AS tp FROM events e ${ALIAS_JOIN} WHERE `)
    .fragment(scopeCondition(p))
    .add(` AND e.text IS NOT NULL) x
    JOIN text_sentiment s ON s.event_key = x.dedup_key
    WHERE x.tp IS NOT NULL GROUP BY x.tp`)
    .build();
  const rows = await db.query<TSentimentTally & { tp: number }>(q.sql, q.params);
  return new Map(
    rows.map((r) => [
      r.tp,
      { n: r.n, sum: r.sum, positive: r.positive, neutral: r.neutral, negative: r.negative },
    ]),
  );
}

/** Sentiment tallies per touchpoint of a journey, per engine. */
export const touchpointSentiment: EngineVariants<
  (db: DuckDatabase, p: JourneyScope) => Promise<Map<number, TSentimentTally>>
> = { duckdb: touchpointSentimentDuckdb };
