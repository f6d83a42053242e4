import type { PathLevel } from '../../../core/journey-analytics/types.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';
import { journeyEventsTable, type PathsScope, sequencesSql, stepsSql } from './paths-scope.ts';

export interface PathsParams extends PathsScope {
  level: PathLevel;
  collapseRepeats: boolean;
  /** Cut a customer's steps where more than this many minutes pass between two; null: never. */
  sessionGapMinutes: number | null;
  /** How many of the most frequent variants to return. */
  variants: number;
}

/** A step key as the query returns it: a touchpoint index (or GOAL_KEY), or an event key. */
export type RawKey = number | string;

export interface PathsRows {
  sequences: number;
  steps: number;
  distinctVariants: number;
  nodes: Array<{ k: RawKey; n: number }>;
  nodeSequences: Array<{ k: RawKey; n: number }>;
  edges: Array<{ from: RawKey; to: RawKey; n: number; median: number }>;
  starts: Array<{ k: RawKey; n: number }>;
  ends: Array<{ k: RawKey; n: number }>;
  variants: Array<{ steps: RawKey[]; n: number }>;
}

type Row = { [K in keyof PathsRows]: PathsRows[K] | null };

const MINUTE_US = 60_000_000n;
const HOUR_US = '3600000000.0';

/**
 * The sequences' counts in one statement over the steps in scope (paths-scope.ts): one window
 * pass orders each customer's steps and finds sequence starts and ends; the figures are then
 * aggregates over that, so no event leaves the database.
 *
 * - edges: each step with a next step in its sequence and, with collapsed repeats, another key
 *   next: the directly-follows pairs, with the median hours between the two events (from the
 *   last event of a run to the next step);
 * - `v`: each sequence's kept keys in order, grouped into variants with their counts; nodes
 *   (steps per key), sequences holding each key, starts and ends are sums over the variants,
 *   which are fewer than the steps;
 * - variants: the most frequent first, ties by their keys (map order at the touchpoint level).
 *
 * Sequences are numbered by a running count of starts only when a session gap can cut a
 * customer's steps into several; otherwise each customer's steps are one sequence.
 */
export function pathsSql(p: PathsParams, table: string): SqlFragment {
  const gapUs = p.sessionGapMinutes === null ? null : BigInt(p.sessionGapMinutes) * MINUTE_US;
  const q = new SqlBuilder()
    .add('WITH s AS (')
    .fragment(stepsSql(p, table, p.level))
    .add('),')
    .fragment(sequencesSql({ gapUs, collapse: p.collapseRepeats }));
  // The sequences' keys in order. A list of (rn, key) structs sorted per sequence, not an ordered
  // aggregate: DuckDB sorts each group of an ordered aggregate on its own, about eight times
  // slower here. (PostgreSQL: array_agg(k ORDER BY rn).)
  q.add(
    `,
  v AS MATERIALIZED (
    SELECT steps, count(*) AS n FROM (
      SELECT list_transform(list_sort(array_agg({'r': rn, 'k': k})), e -> e.k) AS steps
      FROM (
        SELECT cid, rn, k, ${
          gapUs === null
            ? '0'
            : 'sum(CASE WHEN starts THEN 1 ELSE 0 END) OVER (PARTITION BY cid ORDER BY rn)'
        } AS seq
        FROM x WHERE kept
      ) GROUP BY cid, seq
    ) GROUP BY steps
  )
  SELECT
    (SELECT sum(n) FROM v) AS sequences,
    (SELECT sum(n * len(steps)) FROM v) AS steps,
    (SELECT count(*) FROM v) AS "distinctVariants",
    (SELECT list({'k': k, 'n': n}) FROM (
      SELECT k, sum(n) AS n FROM (SELECT unnest(steps) AS k, n FROM v) GROUP BY k
    )) AS nodes,
    (SELECT list({'k': k, 'n': n}) FROM (
      SELECT k, sum(n) AS n FROM (SELECT unnest(list_distinct(steps)) AS k, n FROM v) GROUP BY k
    )) AS "nodeSequences",
    (SELECT list({'from': k, 'to': next_k, 'n': n, 'median': median}) FROM (
      SELECT k, next_k, count(*) AS n,
        percentile_cont(0.5) WITHIN GROUP (ORDER BY (next_ts - ts) / ${HOUR_US}) AS median
      FROM x WHERE NOT ends${p.collapseRepeats ? ' AND next_k <> k' : ''}
      GROUP BY k, next_k
    )) AS edges,
    (SELECT list({'k': k, 'n': n}) FROM (SELECT steps[1] AS k, sum(n) AS n FROM v GROUP BY 1))
      AS starts,
    (SELECT list({'k': k, 'n': n}) FROM (
      SELECT steps[len(steps)] AS k, sum(n) AS n FROM v GROUP BY 1
    )) AS ends,
    (SELECT list({'steps': steps, 'n': n} ORDER BY n DESC, steps) FROM (
      SELECT steps, n FROM v ORDER BY n DESC, steps LIMIT ?
    )) AS variants`,
    p.variants,
  );
  return q.build();
}

/**
 * The directly-follows graph, start and end keys and the most frequent variants of a journey's
 * sequences (docs/analytics.md, Paths). The journey's materialized events are brought up to date
 * first.
 */
async function journeyPathsDuckdb(db: DuckDatabase, p: PathsParams): Promise<PathsRows> {
  const table = await journeyEventsTable(db, p);
  const q = pathsSql(p, table);
  const [row] = await db.query<Row>(q.sql, q.params);
  return {
    sequences: row?.sequences ?? 0,
    steps: row?.steps ?? 0,
    distinctVariants: row?.distinctVariants ?? 0,
    nodes: row?.nodes ?? [],
    nodeSequences: row?.nodeSequences ?? [],
    edges: row?.edges ?? [],
    starts: row?.starts ?? [],
    ends: row?.ends ?? [],
    variants: row?.variants ?? [],
  };
}

/** A journey's paths (directly-follows graph and variants), per engine. */
export const journeyPaths: EngineVariants<
  (db: DuckDatabase, p: PathsParams) => Promise<PathsRows>
> = {
  duckdb: journeyPathsDuckdb,
};
