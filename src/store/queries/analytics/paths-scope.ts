import type { GoalFilter, PathLevel } from '../../../core/journey-analytics/types.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import { refreshJourneyEvents } from '../../engines/duckdb/journey-events.ts';
import type { SqlFragment } from '../../sql.ts';
import type { SequenceShape } from '../metrics/sequence-journey-events.ts';
import { compileSegmentRule } from '../rules.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';

/**
 * What every paths and funnel query looks at: the journey (its shape keeps its materialized
 * events current), the range [from, to), the persona's customers and the goal filter.
 */
export interface PathsScope {
  workspaceId: string;
  journeyId: string;
  from: Date;
  to: Date;
  /** The journey's touchpoints in map order, stages, goal and settings (journey-events.ts). */
  shape: SequenceShape;
  segment: TSegmentRule | null;
  goal: GoalFilter;
}

/**
 * The step key of a goal event that no touchpoint claims, at the touchpoint level: above every
 * touchpoint index, so that ordering by key puts it after the touches of the same instant (as
 * docs/metrics.md orders journey events). A constant, written into the SQL.
 */
export const GOAL_KEY = 1_000_000;

/** Epoch microseconds, the unit of the materialized table's `ts`. */
export const micros = (d: Date) => BigInt(d.getTime()) * 1000n;

/**
 * Brings the journey's materialized events up to date (journey-events.ts) and returns the quoted
 * table name. It also gives every customer their integer key (`customer_keys`), which the event
 * level uses too, so that both levels key customers alike.
 */
export async function journeyEventsTable(db: DuckDatabase, p: PathsScope): Promise<string> {
  const { table } = await refreshJourneyEvents(db, {
    workspaceId: p.workspaceId,
    journeyId: p.journeyId,
    shape: p.shape,
  });
  return table;
}

/**
 * The customer conditions on a customer-key column, as ` AND …` (or nothing): the persona's
 * customers by their traits now, on the canonical customer (as the metrics filter them), and the
 * goal filter: customers with (`reached`) or without (`not-reached`) a goal event in the range.
 */
export function customerFilter(p: PathsScope, table: string, column: string): SqlFragment {
  const q = new SqlBuilder();
  if (p.segment) {
    q.add(
      ` AND ${column} IN (SELECT k.ck FROM customer_keys k JOIN customers c ON c.id = k.customer_id
        WHERE k.workspace_id = ? AND c.workspace_id = k.workspace_id AND `,
      p.workspaceId,
    )
      .fragment(compileSegmentRule(p.segment))
      .add(')');
  }
  if (p.goal !== 'any') {
    q.add(
      ` AND ${column} ${p.goal === 'reached' ? 'IN' : 'NOT IN'} (SELECT ck FROM ${table}
        WHERE is_goal AND ts >= ? AND ts < ?)`,
      micros(p.from),
      micros(p.to),
    );
  }
  return q.build();
}

/**
 * The event key of an event row `e` (core/journey-analytics/event-step-key.ts): track calls by
 * name, `page:` + path (or name), `screen:` + name. NULL for calls that are no interaction.
 */
export const EVENT_KEY_SQL = `CASE e.type WHEN 'track' THEN e.event
  WHEN 'page' THEN 'page:' || coalesce(nullif(e.path, ''), e.event)
  WHEN 'screen' THEN 'screen:' || e.event END`;

/**
 * The steps of every sequence in scope, one row per event: `cid` (customer key), `ts` (epoch
 * microseconds) and `k` (step key). Ordered by `ts, k`, they are the customers' sequences.
 *
 * - `touchpoint` level: the journey's touches (`k` = touchpoint index in map order) and the goal
 *   events no touchpoint claims (`k` = GOAL_KEY), from the materialized table;
 * - `event` level: every interaction (track, page, screen; `k` = its event key), from `events`,
 *   keyed by canonical customer. Events stored after the table's last refresh have no customer
 *   key yet and are left out, so both levels read the same snapshot of the events.
 *
 * `where` narrows the rows further (on `tp` for the table, on `e` for events); the persona and
 * goal filters apply to both.
 */
export function stepsSql(
  p: PathsScope,
  table: string,
  level: PathLevel,
  where?: SqlFragment,
): SqlFragment {
  const q = new SqlBuilder();
  if (level === 'touchpoint') {
    q.add(
      `SELECT ck AS cid, ts, coalesce(CAST(tp AS INTEGER), ${GOAL_KEY}) AS k FROM ${table}
      WHERE ts >= ? AND ts < ? AND (tp IS NOT NULL OR is_goal)`,
      micros(p.from),
      micros(p.to),
    );
  } else {
    q.add(
      `SELECT c.ck AS cid, epoch_us(e.ts) AS ts, ${EVENT_KEY_SQL} AS k
      FROM events e
      LEFT JOIN customer_aliases a ON a.customer_id = e.customer_id
      JOIN customer_keys c ON c.workspace_id = e.workspace_id
        AND c.customer_id = coalesce(a.canonical_id, e.customer_id)
      WHERE e.workspace_id = ? AND e.ts >= ?::TIMESTAMP AND e.ts < ?::TIMESTAMP
        AND e.type IN ('track', 'page', 'screen')`,
      p.workspaceId,
      p.from.toISOString(),
      p.to.toISOString(),
    );
  }
  if (where) q.add(' AND ').fragment(where);
  q.fragment(customerFilter(p, table, level === 'touchpoint' ? 'ck' : 'c.ck'));
  return q.build();
}

/**
 * The sequences of the steps in `s` (cid, ts, k), as CTE text after `WITH s AS (…),`:
 *
 * - `w`: every step with its order `rn` in the customer's history (ties of time by key; steps
 *   still tied are alike) and its neighbours;
 * - `x`: `starts` / `ends` a sequence (the customer's first / last step, or a gap of more than
 *   `gapUs` before / after it), and `kept`: with `collapse`, a step with the same key as the step
 *   before it in its sequence is dropped (a run counts once).
 *
 * `rn` gives later windows a unique order, so that they agree with this one on ties.
 */
export function sequencesSql(options: { gapUs: bigint | null; collapse: boolean }): SqlFragment {
  const gap = options.gapUs;
  const q = new SqlBuilder().add(`
  w AS (
    SELECT cid, ts, k,
      row_number() OVER o AS rn,
      lag(ts) OVER o AS prev_ts, lag(k) OVER o AS prev_k,
      lead(ts) OVER o AS next_ts, lead(k) OVER o AS next_k
    FROM s WINDOW o AS (PARTITION BY cid ORDER BY ts, k)
  ),
  x AS MATERIALIZED (
    SELECT cid, ts, k, rn, prev_k, next_ts, next_k, starts, ends,
      ${options.collapse ? 'starts OR prev_k <> k' : 'true'} AS kept
    FROM (
      SELECT *, `);
  if (gap === null) q.add('prev_ts IS NULL AS starts, next_ts IS NULL AS ends');
  else
    q.add(
      'prev_ts IS NULL OR ts - prev_ts > ? AS starts, next_ts IS NULL OR next_ts - ts > ? AS ends',
      gap,
      gap,
    );
  q.add(` FROM w
    ) w
  )`);
  return q.build();
}
