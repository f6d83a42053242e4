import type { JourneyCounts, TouchpointCounts } from '../../../core/metrics/types.ts';
import type { TGoal, TJourneySettings } from '../../../core/schemas/journey.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckSession } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { jsonPath, type SqlFragment } from '../../sql.ts';
import { compileSegmentRule, compileTouchpointCase } from '../rules.ts';

export interface TouchpointMetricsParams {
  workspaceId: string;
  from: Date;
  to: Date;
  /** Touchpoints in map order (stage, then position): the first whose rules match an event wins. */
  touchpoints: ReadonlyArray<{ id: string; stageIndex: number; matchRules: readonly TMatchRule[] }>;
  stageCount: number;
  goal: TGoal | null;
  settings: TJourneySettings;
  segment: TSegmentRule | null;
}

export interface TouchpointMetricsRows {
  touchpoints: TouchpointCounts[];
  journey: JourneyCounts;
}

/**
 * Builds the scoped CTE: the journey's events in the date range, each with its canonical customer,
 * its touchpoint index (or NULL) and whether it is a goal event. Shared by the metrics queries.
 */
export function scopedEventsSql(p: TouchpointMetricsParams): SqlFragment {
  const tpCase = compileTouchpointCase(p.touchpoints.map((t) => t.matchRules));
  const params: unknown[] = [];
  const goalSql = p.goal ? "(e.type = 'track' AND lower(e.event) = lower(?))" : 'false';
  const valueSql = p.goal?.valueProperty
    ? 'TRY_CAST(json_extract_string(e.properties, ?) AS DOUBLE)'
    : 'e.value';
  params.push(...tpCase.params);
  if (p.goal) params.push(p.goal.event);
  if (p.goal?.valueProperty) params.push(jsonPath(p.goal.valueProperty));
  params.push(p.workspaceId, p.from.toISOString(), p.to.toISOString());
  let personaSql = '';
  if (p.segment) {
    const seg = compileSegmentRule(p.segment);
    personaSql = `AND coalesce(a.canonical_id, e.customer_id) IN (
      SELECT c.id FROM customers c WHERE c.workspace_id = ? AND ${seg.sql})`;
    params.push(p.workspaceId, ...seg.params);
  }
  return {
    sql: `
    SELECT coalesce(a.canonical_id, e.customer_id) AS cid, e.ts,
      ${tpCase.sql} AS tp,
      ${goalSql} AS is_goal,
      ${valueSql} AS goal_value
    FROM events e LEFT JOIN customer_aliases a ON a.customer_id = e.customer_id
    WHERE e.workspace_id = ? AND e.ts >= ?::TIMESTAMP AND e.ts < ?::TIMESTAMP ${personaSql}`,
    params,
  };
}

async function touchpointMetricsDuckdb(
  s: DuckSession,
  p: TouchpointMetricsParams,
): Promise<TouchpointMetricsRows> {
  const scoped = scopedEventsSql(p);
  const stageOf = `[${p.touchpoints.map((t) => t.stageIndex).join(', ')}]`;
  const dataEnd = new Date(Math.min(p.to.getTime(), Date.now())).toISOString();
  await s.run("SET TimeZone = 'UTC'").catch(() => undefined);
  await s.run(
    `CREATE OR REPLACE TEMP TABLE j AS
    SELECT cid, ts, tp, is_goal, goal_value FROM (${scoped.sql}) WHERE tp IS NOT NULL OR is_goal`,
    scoped.params,
  );
  const unmatched = await s.query<{ n: number }>(
    `SELECT count(*) AS n FROM (${scoped.sql}) WHERE tp IS NULL AND NOT is_goal`,
    scoped.params,
  );
  // Episodes: a customer's journey events cut where `inactivityDays` pass without any. A touch is a
  // drop-off when it ends an episode (the lapse follows it, or the data ends at least that long
  // after it) and the episode has no goal event up to it.
  const tpRows = await s.query<{
    tp: number;
    volume: number;
    reach: number;
    converted: number;
    dropped: number;
    median_hours: number | null;
  }>(
    `WITH o1 AS (
       SELECT *, lag(ts) OVER w AS prev_ts, lead(ts) OVER w AS next_ts
       FROM j WINDOW w AS (PARTITION BY cid ORDER BY ts, tp NULLS LAST)
     ),
     o2 AS (
       SELECT *,
         max(CASE WHEN prev_ts IS NULL OR ts - prev_ts >= to_days(?) THEN ts END) OVER w AS episode_start,
         max(CASE WHEN is_goal THEN ts END) OVER w AS last_goal
       FROM o1 WINDOW w AS (PARTITION BY cid ORDER BY ts, tp NULLS LAST ROWS UNBOUNDED PRECEDING)
     ),
     touches AS (SELECT cid, ts, tp FROM j WHERE tp IS NOT NULL),
     goals AS (SELECT cid, ts FROM j WHERE is_goal),
     conv AS (
       SELECT t.tp, t.cid, bool_or(g.ts IS NOT NULL AND g.ts <= t.ts + to_days(?)) AS converted
       FROM touches t ASOF LEFT JOIN goals g ON t.cid = g.cid AND g.ts >= t.ts
       GROUP BY t.tp, t.cid
     ),
     drops AS (
       SELECT tp, cid, bool_or(
         (coalesce(next_ts, ?::TIMESTAMP) - ts >= to_days(?))
         AND NOT is_goal
         AND (last_goal IS NULL OR last_goal < episode_start)) AS dropped
       FROM o2 WHERE tp IS NOT NULL
       GROUP BY tp, cid
     ),
     nexts AS (
       SELECT tp, median(epoch(next_ts - ts) / 3600.0) AS median_hours FROM (
         SELECT tp, ts, lead(ts) OVER w AS next_ts, lead(tp) OVER w AS next_tp
         FROM touches WINDOW w AS (PARTITION BY cid ORDER BY ts, tp)
       ) WHERE next_tp IS NOT NULL AND next_tp <> tp
       GROUP BY tp
     ),
     per_tp AS (
       SELECT t.tp, count(*) AS volume, count(DISTINCT t.cid) AS reach FROM touches t GROUP BY t.tp
     )
     SELECT per_tp.tp, per_tp.volume, per_tp.reach,
       (SELECT count(*) FROM conv WHERE conv.tp = per_tp.tp AND converted) AS converted,
       (SELECT count(*) FROM drops WHERE drops.tp = per_tp.tp AND dropped) AS dropped,
       nexts.median_hours
     FROM per_tp LEFT JOIN nexts ON nexts.tp = per_tp.tp
     ORDER BY per_tp.tp`,
    [
      p.settings.inactivityDays,
      p.settings.conversionWindowDays,
      dataEnd,
      p.settings.inactivityDays,
    ],
  );
  const journeyRows = await s.query<{ customers: number; converted: number; value: number | null }>(
    `WITH touched AS (SELECT DISTINCT cid FROM j WHERE tp IS NOT NULL)
     SELECT (SELECT count(*) FROM touched) AS customers,
       (SELECT count(DISTINCT j.cid) FROM j JOIN touched USING (cid) WHERE is_goal) AS converted,
       (SELECT sum(goal_value) FROM j JOIN touched USING (cid) WHERE is_goal) AS value`,
  );
  // Stages reached in the designed order: fold each customer's stage sequence, advancing one
  // stage each time the next stage appears (other stages may interleave).
  const funnelRows = await s.query<{ reached: number; n: number }>(
    `SELECT reached, count(*) AS n FROM (
       SELECT list_reduce(list_prepend(0, list(${stageOf}[tp + 1] ORDER BY ts, tp)),
         lambda acc, x: CASE WHEN x = acc THEN acc + 1 ELSE acc END) AS reached
       FROM j WHERE tp IS NOT NULL GROUP BY cid
     ) GROUP BY reached`,
  );
  await s.run('DROP TABLE IF EXISTS j');

  const stageReached = Array.from({ length: p.stageCount }, (_, k) =>
    funnelRows.filter((r) => r.reached >= k + 1).reduce((sum, r) => sum + r.n, 0),
  );
  const jr = journeyRows[0]!;
  return {
    touchpoints: tpRows.map((r) => ({
      touchpointId: p.touchpoints[r.tp]!.id,
      volume: r.volume,
      reach: r.reach,
      converted: r.converted,
      droppedOff: r.dropped,
      medianHoursToNext: r.median_hours,
    })),
    journey: {
      customers: jr.customers,
      converted: jr.converted,
      conversionValue: jr.value ?? 0,
      stageReached,
      unmatchedEvents: unmatched[0]?.n ?? 0,
    },
  };
}

/** Raw touchpoint and journey counts for one journey, per engine. */
export const touchpointMetrics: EngineVariants<
  (s: DuckSession, p: TouchpointMetricsParams) => Promise<TouchpointMetricsRows>
> = {
  duckdb: touchpointMetricsDuckdb,
};
