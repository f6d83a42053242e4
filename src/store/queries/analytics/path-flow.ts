import type { FlowDirection, PathLevel } from '../../../core/journey-analytics/types.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';
import type { RawKey } from './paths.ts';
import { journeyEventsTable, type PathsScope, sequencesSql, stepsSql } from './paths-scope.ts';

export interface PathFlowParams extends PathsScope {
  level: PathLevel;
  collapseRepeats: boolean;
  sessionGapMinutes: number | null;
  /** The anchor's raw key: a touchpoint index (or GOAL_KEY), or an event key. */
  anchor: RawKey;
  direction: FlowDirection;
  depth: number;
}

export interface PathFlowRows {
  /** Sequences holding the anchor. */
  sequences: number;
  /**
   * Sequences going from `from` at step `step` to `to` at `step + 1`; a null key is where the
   * sequence ended (`to`, forward) or started (`from`, backward).
   */
  links: Array<{ step: number; from: RawKey | null; to: RawKey | null; n: number }>;
}

interface Row {
  sequences: number | null;
  links: PathFlowRows['links'] | null;
}

const MINUTE_US = 60_000_000n;

/**
 * The flow around an anchor: the kept steps of each sequence are numbered (`pos`) with their
 * neighbours in the sequence (a next step that starts a new sequence is none); the anchor's first
 * occurrence in each sequence (`apos`) is the Sankey's step 0, and each step within `depth` of it
 * gives one link towards or away from it. Only the links' counts leave the database.
 */
export function pathFlowSql(p: PathFlowParams, table: string): SqlFragment {
  const gapUs = p.sessionGapMinutes === null ? null : BigInt(p.sessionGapMinutes) * MINUTE_US;
  const forward = p.direction === 'forward';
  // Each step within `depth` of the anchor gives the link that leaves it (forward) or enters it.
  const link = forward
    ? 'q.pos - a.apos AS step, q.k AS src, q.next_k AS dst'
    : 'q.pos - a.apos - 1 AS step, q.prev_k AS src, q.k AS dst';
  const within = forward
    ? 'q.pos >= a.apos AND q.pos < a.apos + ?'
    : 'q.pos > a.apos - ? AND q.pos <= a.apos';
  const q = new SqlBuilder()
    .add('WITH s AS (')
    .fragment(stepsSql(p, table, p.level))
    .add('),')
    .fragment(sequencesSql({ gapUs, collapse: p.collapseRepeats }));
  q.add(
    `,
  q AS MATERIALIZED (
    SELECT cid, k, starts,
      sum(CASE WHEN starts THEN 1 ELSE 0 END) OVER c AS seq,
      row_number() OVER c AS pos,
      CASE WHEN NOT lead(starts) OVER c THEN lead(k) OVER c END AS next_k,
      CASE WHEN NOT starts THEN lag(k) OVER c END AS prev_k
    FROM x WHERE kept
    WINDOW c AS (PARTITION BY cid ORDER BY rn)
  ),
  a AS MATERIALIZED (SELECT cid, seq, min(pos) AS apos FROM q WHERE k = ? GROUP BY cid, seq),
  l AS (
    SELECT ${link}
    FROM q JOIN a ON a.cid = q.cid AND a.seq = q.seq
    WHERE ${within}
  )
  SELECT (SELECT count(*) FROM a) AS sequences,
    (SELECT list({'step': step, 'from': src, 'to': dst, 'n': n}) FROM (
      SELECT step, src, dst, count(*) AS n FROM l GROUP BY step, src, dst
    )) AS links`,
    p.anchor,
    p.depth,
  );
  return q.build();
}

/** The Sankey counts around an anchor step (docs/analytics.md, Flow). */
async function journeyPathFlowDuckdb(db: DuckDatabase, p: PathFlowParams): Promise<PathFlowRows> {
  const table = await journeyEventsTable(db, p);
  const q = pathFlowSql(p, table);
  const [row] = await db.query<Row>(q.sql, q.params);
  return { sequences: row?.sequences ?? 0, links: row?.links ?? [] };
}

/** The flow into or out of an anchor step, per engine. */
export const journeyPathFlow: EngineVariants<
  (db: DuckDatabase, p: PathFlowParams) => Promise<PathFlowRows>
> = {
  duckdb: journeyPathFlowDuckdb,
};
