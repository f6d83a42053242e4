import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import {
  JOURNEY_ORDER,
  type JourneyScope,
  journeyEventsSql,
  queryClassified,
  SqlBuilder,
} from './journey-scope.ts';

export interface NextStepsParams extends JourneyScope {
  /** The touchpoint's index in map order. */
  index: number;
}

export interface NextStepRow {
  kind: 'touchpoint' | 'goal' | 'none';
  /** Index in map order of the next touchpoint, for `touchpoint` steps. */
  tp: number | null;
  count: number;
  customers: number;
  medianHours: number | null;
}

interface Row {
  kind: NextStepRow['kind'];
  next_tp: number | null;
  n: number;
  customers: number;
  median_hours: number | null;
}

/**
 * Where each run of touches of one touchpoint led: the customer's next journey event after the
 * run's last touch. Consecutive touches of the touchpoint are one run (as the median time to next
 * in docs/metrics.md skips repeats), so a page reloaded five times counts once. A next event that
 * is a goal event counts as the goal even when a touchpoint's rules also match it.
 */
async function nextStepsDuckdb(db: DuckDatabase, p: NextStepsParams): Promise<NextStepRow[]> {
  const classified = journeyEventsSql(p);
  const build = (events: SqlFragment) =>
    new SqlBuilder()
      .add('WITH j AS MATERIALIZED (')
      .fragment(events)
      .add(
        `),
  w AS (
    SELECT cid, ts, tp, lead(ts) OVER o AS next_ts, lead(tp) OVER o AS next_tp,
      lead(is_goal) OVER o AS next_goal
    FROM j WHERE cid IN (SELECT cid FROM j WHERE tp = ?)
    WINDOW o AS (${JOURNEY_ORDER})
  ),
  runs AS (
    SELECT cid, ts, next_ts,
      CASE WHEN next_ts IS NULL THEN 'none' WHEN next_goal THEN 'goal' ELSE 'touchpoint' END AS kind,
      CASE WHEN next_goal THEN NULL ELSE next_tp END AS next_tp
    FROM w WHERE tp = ? AND (next_ts IS NULL OR next_goal OR next_tp <> tp)
  )
  SELECT kind, next_tp, count(*) AS n, count(DISTINCT cid) AS customers,
    median(epoch(next_ts - ts) / 3600.0) AS median_hours
  FROM runs GROUP BY kind, next_tp`,
        p.index,
        p.index,
      )
      .build();
  const rows = await queryClassified<Row>(db, classified, build);
  return rows.map((r) => ({
    kind: r.kind,
    tp: r.next_tp,
    count: r.n,
    customers: r.customers,
    medianHours: r.median_hours,
  }));
}

/** Where customers went after a touchpoint, per engine. */
export const nextSteps: EngineVariants<
  (db: DuckDatabase, p: NextStepsParams) => Promise<NextStepRow[]>
> = {
  duckdb: nextStepsDuckdb,
};
