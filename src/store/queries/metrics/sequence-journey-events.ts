import type { JourneyShape } from './classify-events.ts';

/**
 * "No such event" in the time columns: a missing predecessor is the smallest BIGINT, before
 * every `from` (so "the customer's first touch of a kind in the range" is one comparison,
 * `prev < from`), a missing successor the largest, after every `to`. Constants, not user
 * input. NULLs would do as well for the logic, but a filter on a column with NULLs runs about
 * half as fast.
 */
export const NONE_BEFORE = '-9223372036854775807';
export const NONE_AFTER = '9223372036854775807';

/** `hop_key` of touches with no hop, of goal events that match no touchpoint, of the others. */
export const HOP_NONE = 2047;
export const KEY_GOAL = -1;
export const KEY_UNMATCHED = -2;
/** `hop_key` = touchpoint index × HOP_SPAN + hop bucket. */
export const HOP_SPAN = 2048;
/** What the stored columns depend on besides the events: the journey's shape and settings. */
export interface SequenceShape extends JourneyShape {
  conversionWindowDays: number;
  inactivityDays: number;
}

/**
 * The stage of a touchpoint index, as SQL: a list literal indexed by `tp`. Stage indexes are
 * integers from the map, not user text, so they are safe to write into the SQL.
 */
export function stageOfSql(shape: JourneyShape, tp: string): string {
  if (shape.touchpoints.length === 0) return 'CAST(NULL AS INTEGER)';
  const list = shape.touchpoints.map((t) => Math.trunc(t.stageIndex)).join(', ');
  return `[${list}][${tp} + 1]`;
}

/** The funnel columns: f1 … f(n-1) for a journey of n stages. */
export function funnelColumns(shape: JourneyShape): string[] {
  return Array.from({ length: Math.max(0, shape.stageCount - 1) }, (_, i) => `f${i + 1}`);
}

/**
 * The bucket of a hop of `us` microseconds (BIGINT, ≥ 0): 0 for 0, else 1 + 16 × (the position
 * of the highest set bit) + the next four bits, so buckets never decrease as hops grow (16 per
 * doubling, about 4 % wide) and stay below 1024. Integer arithmetic (log2 only guesses the bit
 * position, then it is corrected), so that the order of buckets is exactly the order of hops.
 */
function hopBucketSql(us: string): string {
  const guess = `floor(log2(${us}))::INTEGER`;
  const bit = `(${guess} - CASE WHEN (1::BIGINT << ${guess}) > ${us} THEN 1 ELSE 0 END
    + CASE WHEN (1::BIGINT << (${guess} + 1)) <= ${us} THEN 1 ELSE 0 END)`;
  return `CASE WHEN ${us} = 0 THEN 0
    ELSE 1 + 16 * ${bit} + ((${us} >> greatest(${bit} - 4, 0)) & 15)::INTEGER END`;
}

/**
 * Computes a journey's stored rows from classified rows read from `source` (a quoted table name;
 * columns `ck, rk, ts, tp, is_goal, goal_value`, `ts` in epoch microseconds). The sequence
 * columns describe each customer's **full history**; the metrics query answers any date range
 * [from, to) from them by truncation (touchpoint-metrics.ts). Journey events are ordered as
 * docs/metrics.md orders them: by time, touches in map order at the same instant, goal events
 * that match no touchpoint last. All times are epoch microseconds.
 *
 * Every journey event (touch or goal event):
 * - `next_ts`: the next journey event (`ts` itself when another follows at the same instant);
 * - `is_end`: whether it ends an episode: the next journey event is `inactivityDays` or more
 *   later, or there is none; `ep_start`, for those: where their episode starts, the event after
 *   the previous end (NONE_BEFORE for the first episode);
 * - `last_goal`: the last goal event at or before it; `next_goal`: the first at or after its
 *   instant (a goal of an earlier touchpoint at the same instant included);
 * - `prev_touch`, `next_touch`: the touches before and after it.
 *
 * A missing predecessor is NONE_BEFORE, a missing successor NONE_AFTER. Touches only:
 * - `hop_hours`: hours to the next touch when that belongs to another touchpoint, else NULL (a
 *   repeat never counts towards the median time to next, whatever the range); `hop_key` = tp ×
 *   HOP_SPAN + the hop's bucket (HOP_NONE without one; KEY_GOAL, KEY_UNMATCHED for other rows);
 * - `prev_tp`, `prev_stage`: the customer's previous touch of the same touchpoint, of the same
 *   stage: a touch in the range whose predecessor is before `from` is the customer's first one
 *   there, which counts each customer once without grouping by customer;
 * - `conv_prev`: for a touch whose next goal is within the conversion window, the previous such
 *   touch of the same touchpoint (NONE_AFTER for other rows). The next goal never decreases along a
 *   touchpoint's touches, so those converting before `to` and after `from` are a run, and the
 *   run's first touch is the one whose `conv_prev` is before `from`;
 * - `f1` … for a touch of the first stage: when the customer then reaches each later stage in
 *   the designed order. f(k) is the first touch of stage k at or after f(k-1) (the touch itself
 *   for f0); a touch of stage k at the same instant comes after f(k-1) in map order.
 *
 * Unmatched interactions are copied with values no condition accepts: they are in no sequence.
 * Rows of goal events that match no touchpoint have NONE_AFTER in the touch-only columns.
 */
export function sequenceJourneyEventsSql(shape: SequenceShape, source: string): string {
  const fs = funnelColumns(shape);
  const windowUs = `${Math.trunc(shape.conversionWindowDays)}::BIGINT * 86400000000`;
  const inactivityUs = `${Math.trunc(shape.inactivityDays)}::BIGINT * 86400000000`;
  // One ASOF join per stage, on the distinct instants of each stage's touches per customer.
  const chain = fs
    .map(
      (_, i) => `,
  t${i + 1} AS (SELECT DISTINCT ck, ts FROM j WHERE stage = ${i + 1}),
  c${i + 1} AS (
    -- An ASOF join may match a NULL bound (it sorts first): a stage not reached stops the walk.
    SELECT c.*, CASE WHEN c.f${i} IS NOT NULL THEN t.ts END AS f${i + 1}
    FROM c${i} c ASOF LEFT JOIN t${i + 1} t
      ON c.ck = t.ck AND t.ts >= c.f${i}
  )`,
    )
    .join('');
  // The same expression, on the same TIMESTAMP values, as the per-query version computed:
  // identical doubles, so identical medians.
  const hours = 'epoch(make_timestamp(v.next_touch) - make_timestamp(v.ts)) / 3600.0';
  const hop = 'v.tp IS NOT NULL AND v.next_touch_tp <> v.tp';
  return `
  WITH j AS (
    SELECT ck, rk, ts, tp, is_goal, goal_value, ${stageOfSql(shape, 'tp')} AS stage
    FROM ${source} WHERE tp IS NOT NULL OR is_goal
  ),
  w AS (
    SELECT *,
      lead(ts) OVER o AS next_ts,
      CASE WHEN is_goal THEN ts
        ELSE lag(CASE WHEN is_goal THEN ts END IGNORE NULLS) OVER o END AS last_goal,
      lead(CASE WHEN is_goal THEN ts END IGNORE NULLS) OVER o AS goal_after,
      lag(CASE WHEN tp IS NOT NULL THEN ts END IGNORE NULLS) OVER o AS prev_touch,
      lead(CASE WHEN tp IS NOT NULL THEN ts END IGNORE NULLS) OVER o AS next_touch,
      lead(tp IGNORE NULLS) OVER o AS next_touch_tp,
      lag(ts) OVER (PARTITION BY ck, stage ORDER BY ts, tp) AS prev_stage
    FROM j
    WINDOW o AS (PARTITION BY ck ORDER BY ts, tp NULLS LAST)
  ),
  g AS (
    SELECT *,
      -- A goal earlier in the order at the same instant (a touch of an earlier touchpoint) is at
      -- or after the touch in time: last_goal catches it.
      CASE WHEN last_goal = ts THEN ts ELSE goal_after END AS next_goal
    FROM w
  ),
  v AS MATERIALIZED (
    SELECT *,
      lag(ts) OVER t AS prev_tp,
      CASE WHEN tp IS NOT NULL AND next_goal <= ts + ${windowUs} THEN coalesce(
        lag(CASE WHEN next_goal <= ts + ${windowUs} THEN ts END IGNORE NULLS) OVER t,
        ${NONE_BEFORE}) END AS conv_prev
    FROM g
    WINDOW t AS (PARTITION BY ck, tp ORDER BY ts)
  ),
  ends AS (
    SELECT ck, ts, lag(next_ts) OVER (PARTITION BY ck ORDER BY ts) AS ep_start
    FROM v WHERE next_ts IS NULL OR next_ts >= ts + ${inactivityUs}
  ),
  c0 AS (SELECT DISTINCT ck, ts AS f0 FROM j WHERE stage = 0)${chain},
  -- What is known per (customer, instant) besides the row itself: the funnel of the first-stage
  -- touches there, and the episode of the one event there that can end an episode. One join.
  marks AS (
    SELECT ck, ts, bool_or(is_end) AS is_end, max(ep_start) AS ep_start${fs.map((f) => `, max(${f}) AS ${f}`).join('')}
    FROM (
      SELECT ck, ts, true AS is_end, coalesce(ep_start, ${NONE_BEFORE}) AS ep_start${fs.map((f) => `, NULL::BIGINT AS ${f}`).join('')}
      FROM ends
      UNION ALL
      SELECT ck, f0, false, NULL${fs.map((f) => `, ${f}`).join('')} FROM c${fs.length}
    ) GROUP BY ck, ts
  )
  SELECT v.ck, v.rk, v.ts, v.tp::SMALLINT AS tp, v.is_goal, v.goal_value,
    coalesce(v.next_ts, ${NONE_AFTER}) AS next_ts,
    coalesce(v.next_ts >= v.ts + ${inactivityUs}, true) AS is_end,
    CASE WHEN coalesce(v.next_ts >= v.ts + ${inactivityUs}, true) THEN m.ep_start
      ELSE ${NONE_BEFORE} END AS ep_start,
    coalesce(v.last_goal, ${NONE_BEFORE}) AS last_goal,
    coalesce(v.next_goal, ${NONE_AFTER}) AS next_goal,
    coalesce(v.prev_touch, ${NONE_BEFORE}) AS prev_touch,
    coalesce(v.next_touch, ${NONE_AFTER}) AS next_touch,
    CASE WHEN ${hop} THEN ${hours} END AS hop_hours,
    CASE WHEN v.tp IS NULL THEN ${KEY_GOAL}
      WHEN ${hop} THEN v.tp::INTEGER * ${HOP_SPAN} + ${hopBucketSql('(v.next_touch - v.ts)')}
      ELSE v.tp::INTEGER * ${HOP_SPAN} + ${HOP_NONE} END AS hop_key,
    CASE WHEN v.tp IS NULL THEN ${NONE_AFTER} ELSE coalesce(v.prev_tp, ${NONE_BEFORE}) END
      AS prev_tp,
    coalesce(v.conv_prev, ${NONE_AFTER}) AS conv_prev,
    CASE WHEN v.tp IS NULL THEN ${NONE_AFTER} ELSE coalesce(v.prev_stage, ${NONE_BEFORE}) END
      AS prev_stage${fs
        .map(
          (f) => `,
    CASE WHEN v.stage = 0 THEN coalesce(m.${f}, ${NONE_AFTER}) ELSE ${NONE_AFTER} END AS ${f}`,
        )
        .join('')}
  -- Equalities only: a stage test in the ON clause would turn the hash join into a nested loop.
  -- (ck, ts) is unique in marks, so no row is repeated.
  FROM v LEFT JOIN marks m ON m.ck = v.ck AND m.ts = v.ts
  UNION ALL
  -- Unmatched interactions: values that no condition of the metrics query accepts.
  SELECT ck, rk, ts, NULL, false, NULL, ${NONE_AFTER}, false, ${NONE_BEFORE}, ${NONE_BEFORE},
    ${NONE_AFTER}, ${NONE_AFTER}, ${NONE_AFTER}, NULL, ${KEY_UNMATCHED}, ${NONE_AFTER},
    ${NONE_AFTER}, ${NONE_AFTER}${fs.map(() => `, ${NONE_AFTER}`).join('')}
  FROM ${source} WHERE tp IS NULL AND NOT is_goal
  -- Rows of a touchpoint's hop bucket lie together, so that the median's second look-up reads
  -- only the row groups of the buckets it needs.
  ORDER BY hop_key`;
}
