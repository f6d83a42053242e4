import type { TTraitCondition } from '../../../core/schemas/persona.ts';
import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import { compileMatchRules, compileSegmentRule } from '../rules.ts';
import { ALIAS_JOIN, CANONICAL_CUSTOMER, SqlBuilder } from '../touchpoint-detail/journey-scope.ts';

export interface OutcomeParams {
  workspaceId: string;
  automationId: string;
  /**
   * What qualified a customer while the automation was off: events matching these rules, with a
   * score condition (survey triggers) and trait conditions (on traits now); null when the trigger
   * cannot be replayed from events (silence, segment, schedule): then there is no comparison group.
   */
  qualify: {
    rules: readonly TMatchRule[];
    score: { op: 'lt' | 'lte' | 'eq' | 'gte' | 'gt'; value: number } | null;
    traits: readonly TTraitCondition[];
  } | null;
  /** Spans during which the automation was on: qualifications inside them do not count as off. */
  enabledPeriods: ReadonlyArray<{ from: Date; to: Date | null }>;
  /** The earliest qualification looked at. */
  from: Date;
  now: Date;
  goalEvent: string | null;
  windowDays: number;
  /** The touchpoint metric: reaching any of these rules (the next stage) after qualifying. */
  nextRules: readonly TMatchRule[];
}

/** One customer of either group: when they qualified and what followed within the window. */
export interface OutcomeRow {
  group: 'treated' | 'control';
  customerId: string;
  qualifiedAt: string;
  converted: boolean;
  reachedNext: boolean;
}

export interface OutcomeCounts {
  rows: OutcomeRow[];
}

/**
 * The customers who went through an automation (live runs; qualified at their first run's trigger
 * time) and those who qualified while it was off or before it existed and never went through it
 * (their first qualifying event outside every enabled period), each with whether they reached the
 * goal and the next stage within the window after qualifying.
 */
async function automationOutcomeDuckdb(db: DuckDatabase, p: OutcomeParams): Promise<OutcomeCounts> {
  const goal: SqlFragment = p.goalEvent
    ? { sql: 'e.event = ?', params: [p.goalEvent] }
    : { sql: 'false', params: [] };
  const q = new SqlBuilder()
    .add(`WITH ev AS MATERIALIZED (SELECT ${CANONICAL_CUSTOMER} AS cid, e.ts, (`)
    .fragment(goal)
    .add(') AS is_goal, (')
    .fragment(compileMatchRules(p.nextRules))
    .add(') AS is_next, (');
  if (p.qualify) {
    q.fragment(compileMatchRules(p.qualify.rules));
    if (p.qualify.score) {
      const op = { lt: '<', lte: '<=', eq: '=', gte: '>=', gt: '>' }[p.qualify.score.op];
      q.add(
        ` AND TRY_CAST(json_extract_string(e.properties, '$."score"') AS DOUBLE) ${op} ?`,
        p.qualify.score.value,
      );
    }
    if (p.qualify.traits.length > 0) {
      q.add(
        ` AND ${CANONICAL_CUSTOMER} IN (SELECT c.id FROM customers c WHERE c.workspace_id = ? AND `,
        p.workspaceId,
      )
        .fragment(compileSegmentRule({ match: 'all', conditions: [...p.qualify.traits] }))
        .add(')');
    }
  } else q.add('false');
  q.add(
    `) AS is_q FROM events e ${ALIAS_JOIN} WHERE e.workspace_id = ?),
    treated AS (
      SELECT customer_id AS cid,
        min(CAST(json_extract_string(trigger, '$.timestamp') AS TIMESTAMP)) AS t
      FROM automation_runs WHERE automation_id = ? AND workspace_id = ? AND mode = 'live'
      GROUP BY customer_id),
    control AS (
      SELECT cid, min(ts) AS t FROM ev
      WHERE is_q AND ts >= ?::TIMESTAMP AND ts <= ?::TIMESTAMP
        AND cid NOT IN (SELECT cid FROM treated)`,
    p.workspaceId,
    p.automationId,
    p.workspaceId,
    p.from.toISOString(),
    p.now.toISOString(),
  );
  for (const period of p.enabledPeriods) {
    q.add(
      ' AND NOT (ts >= ?::TIMESTAMP AND ts < ?::TIMESTAMP)',
      period.from.toISOString(),
      (period.to ?? p.now).toISOString(),
    );
  }
  q.add(
    ` GROUP BY cid),
    groups AS (
      SELECT 'treated' AS g, cid, t FROM treated UNION ALL SELECT 'control' AS g, cid, t FROM control)
    SELECT g.g, g.cid, g.t,
      EXISTS (SELECT 1 FROM ev WHERE ev.cid = g.cid AND ev.is_goal AND ev.ts > g.t
        AND ev.ts <= g.t + to_days(?)) AS converted,
      EXISTS (SELECT 1 FROM ev WHERE ev.cid = g.cid AND ev.is_next AND ev.ts > g.t
        AND ev.ts <= g.t + to_days(?)) AS reached_next
    FROM groups g ORDER BY g.g, g.cid`,
    p.windowDays,
    p.windowDays,
  );
  const built = q.build();
  const rows = await db.query<{
    g: 'treated' | 'control';
    cid: string;
    t: string;
    converted: boolean;
    reached_next: boolean;
  }>(built.sql, built.params);
  return {
    rows: rows.map((r) => ({
      group: r.g,
      customerId: r.cid,
      qualifiedAt: r.t,
      converted: r.converted,
      reachedNext: r.reached_next,
    })),
  };
}

export const automationOutcome: EngineVariants<
  (db: DuckDatabase, p: OutcomeParams) => Promise<OutcomeCounts>
> = { duckdb: automationOutcomeDuckdb };
