import type { DroppedOffCustomer } from '../../../core/metrics/detail-types.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import {
  dataEnd,
  JOURNEY_ORDER,
  type JourneyScope,
  journeyEventsSql,
  queryClassified,
  SqlBuilder,
} from './journey-scope.ts';

export interface DroppedOffParams extends JourneyScope {
  /** The touchpoint's index in map order. */
  index: number;
  limit: number;
  offset: number;
}

export interface DroppedOffRows {
  total: number;
  items: DroppedOffCustomer[];
}

interface Row {
  total: number;
  items: Array<{
    cid: string;
    label: string | null;
    last_touch: string;
    returned: string | null;
  }> | null;
}

/**
 * The customers with a drop-off touch of one touchpoint (docs/metrics.md, Drop-off), latest
 * drop-off first, one page of them with the identity that names them best.
 *
 * Episodes are read off the events that end one (`ends`: the next journey event is
 * `inactivityDays` or more later, or there is none); the episode of an end starts at the event
 * after the previous end (`lag(next_ts)`), or at the customer's first event for the first one.
 * A touch ending an episode is a drop-off when the lapse is observed (up to the end of the data),
 * it is not a goal itself, and the last goal at or before it came before its episode started.
 */
async function droppedOffDuckdb(db: DuckDatabase, p: DroppedOffParams): Promise<DroppedOffRows> {
  const classified = journeyEventsSql(p);
  const build = (events: SqlFragment) =>
    new SqlBuilder()
      .add('WITH j AS MATERIALIZED (')
      .fragment(events)
      .add(
        `),
  w AS (
    SELECT cid, ts, tp, is_goal, lead(ts) OVER o AS next_ts,
      CASE WHEN is_goal THEN ts
        ELSE lag(CASE WHEN is_goal THEN ts END IGNORE NULLS) OVER o END AS last_goal
    FROM j WHERE cid IN (SELECT cid FROM j WHERE tp = ?)
    WINDOW o AS (${JOURNEY_ORDER})
  ),
  ends AS (
    SELECT cid, ts, tp, is_goal, next_ts, last_goal,
      lag(next_ts) OVER (PARTITION BY cid ORDER BY ts) AS episode_start
    FROM w WHERE next_ts IS NULL OR next_ts - ts >= to_days(?)
  ),
  drops AS (
    SELECT cid, max(ts) AS last_touch, arg_max(next_ts, ts) AS returned
    FROM ends
    WHERE tp = ? AND NOT is_goal AND coalesce(next_ts, ?::TIMESTAMP) - ts >= to_days(?)
      AND (last_goal IS NULL OR (episode_start IS NOT NULL AND last_goal < episode_start))
    GROUP BY cid
  ),
  page AS (SELECT * FROM drops ORDER BY last_touch DESC, cid LIMIT ? OFFSET ?),
  labels AS (
    SELECT coalesce(a.canonical_id, i.customer_id) AS cid,
      first(i.value ORDER BY CASE i.kind WHEN 'email' THEN 0 WHEN 'user_id' THEN 1 ELSE 2 END,
        i.value) AS label
    FROM identities i LEFT JOIN customer_aliases a ON a.customer_id = i.customer_id
    WHERE i.workspace_id = ? AND coalesce(a.canonical_id, i.customer_id) IN (SELECT cid FROM page)
    GROUP BY 1
  )
  SELECT (SELECT count(*) FROM drops) AS total,
    (SELECT list({'cid': page.cid, 'label': labels.label, 'last_touch': page.last_touch,
        'returned': page.returned} ORDER BY page.last_touch DESC, page.cid)
      FROM page LEFT JOIN labels USING (cid)) AS items`,
        p.index,
        p.settings.inactivityDays,
        p.index,
        dataEnd(p.to),
        p.settings.inactivityDays,
        p.limit,
        p.offset,
        p.workspaceId,
      )
      .build();
  const [row] = await queryClassified<Row>(db, classified, build);
  return {
    total: row?.total ?? 0,
    items: (row?.items ?? []).map((r) => ({
      customerId: r.cid,
      label: r.label,
      lastTouchAt: r.last_touch,
      returnedAt: r.returned,
    })),
  };
}

/** One page of the customers who dropped off after a touchpoint, per engine. */
export const droppedOff: EngineVariants<
  (db: DuckDatabase, p: DroppedOffParams) => Promise<DroppedOffRows>
> = {
  duckdb: droppedOffDuckdb,
};
