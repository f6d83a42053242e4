import type { JourneyCounts, TouchpointCounts } from '../../../core/metrics/types.ts';
import type { TJourneySettings } from '../../../core/schemas/journey.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import { refreshJourneyEvents } from '../../engines/duckdb/journey-events.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import { compileSegmentRule } from '../rules.ts';
import type { JourneyShape } from './classify-events.ts';
import { funnelColumns, HOP_NONE, HOP_SPAN, KEY_UNMATCHED } from './sequence-journey-events.ts';

export interface TouchpointMetricsParams extends JourneyShape {
  workspaceId: string;
  journeyId: string;
  from: Date;
  to: Date;
  /** Touchpoints in map order (stage, then position): the first whose rules match an event wins. */
  touchpoints: ReadonlyArray<{ id: string; stageIndex: number; matchRules: readonly TMatchRule[] }>;
  settings: TJourneySettings;
  segment: TSegmentRule | null;
}

export interface TouchpointMetricsRows {
  touchpoints: TouchpointCounts[];
  journey: JourneyCounts;
}

/** Per `hop_key`: all rows in scope, and those whose next touch is in scope too. */
interface KeyRow {
  hop_key: number;
  n: number;
  hops: number;
}

/** Per touchpoint (NULL: goal events that match none), from the first-of-a-kind rows. */
interface FirstsRow {
  tp: number | null;
  reach: number;
  converted: number;
  first_touches: number;
  first_touches_converted: number;
  stage_first: number;
  /** Element k-1: customers whose first touch of the first stage here reached stage k. */
  funnel: number[];
  value: number | null;
}

interface MetricsRow {
  keys: KeyRow[] | null;
  firsts: FirstsRow[] | null;
  drops: Array<{ tp: number; dropped: number }> | null;
}

const DAY_US = 86_400_000_000n;
const micros = (d: Date) => BigInt(d.getTime()) * 1000n;

/** Numbered parameters ($1, $2, …), so that one value can be used in several places. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The conditions every part of the query shares: the range, and the persona's customers (traits
 * as they are now, on the canonical customer).
 */
function scopeSql(p: TouchpointMetricsParams, params: Params): string {
  const range = `ts >= ${params.add(micros(p.from))} AND ts < ${params.add(micros(p.to))}`;
  if (!p.segment) return range;
  const seg = compileSegmentRule(p.segment);
  // The rule's fragment uses `?` placeholders: renumber them after the ones before.
  let i = 0;
  const segSql = seg.sql.replace(/\?/g, () => params.add(seg.params[i++]));
  return `${range} AND ck IN (SELECT k.ck FROM customer_keys k JOIN customers c ON c.id = k.customer_id
      WHERE k.workspace_id = ${params.add(p.workspaceId)} AND c.workspace_id = k.workspace_id
        AND ${segSql})`;
}

/**
 * The figures, from a journey's stored rows (`table`, see sequence-journey-events.ts), whose
 * sequence columns describe each customer's full history. A date range [from, to) is answered by
 * truncating them, which gives the figures docs/metrics.md defines on the events in the range:
 *
 * - a "next" value (next journey event, goal, touch, funnel step) is at or after its event, so
 *   for an event in the range it is in the range exactly when it is before `to`, and the first
 *   one at or after the event is the same over the full history as over the range;
 * - a customer's first touch in the range (of a touchpoint, of a stage, of any touchpoint, the
 *   first converting one of a touchpoint) is the one in the range whose predecessor of that kind
 *   is before `from`: counting those counts customers once, with no grouping by customer;
 * - episodes: an episode starts at a customer's first journey event in the range and after every
 *   lapse in it. Ends of lapses within the range are the events whose next one comes
 *   `inactivityDays` or more later; the episode of such an end starts at the event after the
 *   previous one, or at `from` for the first. Every event before an episode start is over a day
 *   earlier, so "a goal in the episode up to the touch" is `last_goal >= start`; and only the
 *   last event at an instant has its next one later. The last event in the range also ends an
 *   episode, but if its next event (beyond `to`) is less than `inactivityDays` away, so is the
 *   end of the data: it cannot be a drop-off, and it is never the previous end of another.
 *
 * Three parts, each scanning only what it needs: `keys` counts every row by `hop_key` (volume,
 * unmatched interactions, and the hop buckets the median is found in); `firsts` reads only the
 * rows that are some first of a kind (`min_prev < from`) and goal events; `drops` only the ends.
 */
function metricsSql(p: TouchpointMetricsParams, table: string): SqlFragment {
  const params = new Params();
  const scope = scopeSql(p, params);
  const from = '$1';
  const to = '$2';
  const inactivityDays = params.add(p.settings.inactivityDays);
  const inactivity = params.add(BigInt(p.settings.inactivityDays) * DAY_US);
  const dataEnd = params.add(micros(new Date(Math.min(p.to.getTime(), Date.now()))));
  const funnel = funnelColumns(p)
    .map((f) => `count_if(prev_stage < ${from} AND ${f} < ${to})`)
    .join(', ');
  const sql = `WITH keys AS (
    SELECT hop_key, count(*) AS n, count_if(next_touch < ${to}) AS hops
    FROM ${table} WHERE ${scope} GROUP BY hop_key
  ),
  firsts AS (
    SELECT tp,
      count_if(prev_tp < ${from}) AS reach,
      count_if(conv_prev < ${from} AND next_goal < ${to}) AS converted,
      count_if(prev_touch < ${from}) AS first_touches,
      count_if(prev_touch < ${from} AND (last_goal >= ${from} OR next_goal < ${to}))
        AS first_touches_converted,
      count_if(prev_stage < ${from}) AS stage_first,
      [${funnel}]::BIGINT[] AS funnel,
      sum(CASE WHEN is_goal AND (tp IS NOT NULL OR prev_touch >= ${from} OR next_touch < ${to})
        THEN goal_value END) AS value
    FROM ${table} WHERE ${scope} AND min_prev < ${from} GROUP BY tp
  ),
  drops AS (
    SELECT tp, count(DISTINCT ck) AS dropped FROM (
      SELECT ck, tp, ts, is_goal, last_goal, next_ts,
        lag(next_ts) OVER (PARTITION BY ck ORDER BY ts) AS episode_start
      FROM ${table} WHERE ${scope} AND gap_days >= ${inactivityDays}
    )
    WHERE tp IS NOT NULL AND NOT is_goal
      AND (last_goal IS NULL OR last_goal < coalesce(episode_start, ${from}))
      AND (next_ts < ${to} OR ${dataEnd} >= ts + ${inactivity})
    GROUP BY tp
  )
  SELECT (SELECT list(keys) FROM keys) AS keys, (SELECT list(firsts) FROM firsts) AS firsts,
    (SELECT list(drops) FROM drops) AS drops`;
  return { sql, params: params.values };
}

/** Where a median's middle values are: a hop bucket and a position in it (0-based). */
interface MiddlePick {
  tp: number;
  total: number;
  at: Array<{ key: number; pos: number }>;
}

/**
 * Locates each touchpoint's middle hop values (positions ⌊(n-1)/2⌋ and ⌊n/2⌋) among its hop
 * buckets, whose order is the order of the values.
 */
function locateMiddles(keys: readonly KeyRow[]): MiddlePick[] {
  const byTp = new Map<number, KeyRow[]>();
  for (const k of keys) {
    if (k.hop_key < 0 || k.hop_key % HOP_SPAN === HOP_NONE || k.hops === 0) continue;
    const tp = Math.floor(k.hop_key / HOP_SPAN);
    byTp.set(tp, [...(byTp.get(tp) ?? []), k]);
  }
  const picks: MiddlePick[] = [];
  for (const [tp, buckets] of byTp) {
    buckets.sort((a, b) => a.hop_key - b.hop_key);
    const total = buckets.reduce((s, b) => s + b.hops, 0);
    const at = [Math.floor((total - 1) / 2), Math.floor(total / 2)].map((target) => {
      let below = 0;
      for (const b of buckets) {
        if (target < below + b.hops) return { key: b.hop_key, pos: target - below };
        below += b.hops;
      }
      throw new Error('median position outside the buckets');
    });
    picks.push({ tp, total, at });
  }
  return picks;
}

/**
 * The middle hop values: the rows of the picked buckets only, ranked within their bucket. The
 * keys and positions are integers computed above, not user input. Bucket 0 holds only hops of
 * zero, so it needs no look-up.
 */
function middleValuesSql(p: TouchpointMetricsParams, table: string, picks: MiddlePick[]) {
  const wanted = new Map<number, Set<number>>();
  for (const pick of picks) {
    for (const a of pick.at) {
      if (a.key % HOP_SPAN === 0) continue;
      wanted.set(a.key, (wanted.get(a.key) ?? new Set()).add(a.pos));
    }
  }
  if (wanted.size === 0) return undefined;
  const int = (x: number) => {
    if (!Number.isSafeInteger(x)) throw new Error(`not an integer: ${x}`);
    return String(x);
  };
  const params = new Params();
  const scope = scopeSql(p, params);
  const to = '$2';
  const keys = [...wanted.keys()].map(int).join(', ');
  const positions = [...wanted]
    .map(([key, pos]) => `(hop_key = ${int(key)} AND pos IN (${[...pos].map(int).join(', ')}))`)
    .join(' OR ');
  return {
    sql: `SELECT hop_key, pos, hop_hours FROM (
        SELECT hop_key, hop_hours,
          row_number() OVER (PARTITION BY hop_key ORDER BY hop_hours) - 1 AS pos
        FROM ${table} WHERE ${scope} AND next_touch < ${to} AND hop_key IN (${keys})
      ) WHERE ${positions}`,
    params: params.values,
  };
}

/**
 * Volume, reach, conversion after touch, drop-off, median hours to the next different touch, the
 * stage funnel and unmatched interactions, as docs/metrics.md defines them. The journey's events
 * are first brought up to date (classified with the current rules, keyed by canonical customer,
 * with their sequence columns: journey-events.ts); the figures then come from two queries over
 * them in one read transaction (one snapshot).
 */
async function touchpointMetricsDuckdb(
  db: DuckDatabase,
  p: TouchpointMetricsParams,
): Promise<TouchpointMetricsRows> {
  const { table } = await refreshJourneyEvents(db, {
    workspaceId: p.workspaceId,
    journeyId: p.journeyId,
    shape: { ...p, conversionWindowDays: p.settings.conversionWindowDays },
  });
  const { row, picks, middles } = await db.transaction(async (s) => {
    const q = metricsSql(p, table);
    const [row] = await s.query<MetricsRow>(q.sql, q.params);
    const picks = locateMiddles(row?.keys ?? []);
    const m = middleValuesSql(p, table, picks);
    const middles = m
      ? await s.query<{ hop_key: number; pos: number; hop_hours: number }>(m.sql, m.params)
      : [];
    return { row: row!, picks, middles };
  });
  const valueAt = (a: { key: number; pos: number }) =>
    a.key % HOP_SPAN === 0
      ? 0
      : middles.find((m) => m.hop_key === a.key && m.pos === a.pos)!.hop_hours;
  // As DuckDB's median interpolates the two middle values of an even count.
  const medians = new Map(
    picks.map((pick) => [pick.tp, valueAt(pick.at[0]!) * 0.5 + valueAt(pick.at[1]!) * 0.5]),
  );
  const volume = new Map<number, number>();
  let unmatched = 0;
  for (const k of row.keys ?? []) {
    if (k.hop_key === KEY_UNMATCHED) unmatched += k.n;
    if (k.hop_key < 0) continue;
    const tp = Math.floor(k.hop_key / HOP_SPAN);
    volume.set(tp, (volume.get(tp) ?? 0) + k.n);
  }
  const firsts = row.firsts ?? [];
  const touched = firsts.filter((f): f is FirstsRow & { tp: number } => f.tp !== null);
  const firstsOf = new Map(touched.map((f) => [f.tp, f]));
  const stageOf = (tp: number) => p.touchpoints[tp]!.stageIndex;
  const sum = <T>(rows: readonly T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
  const firstStage = touched.filter((f) => stageOf(f.tp) === 0);
  const dropped = new Map((row.drops ?? []).map((d) => [d.tp, d.dropped]));
  return {
    touchpoints: [...volume].map(([tp, n]) => ({
      touchpointId: p.touchpoints[tp]!.id,
      volume: n,
      reach: firstsOf.get(tp)?.reach ?? 0,
      converted: firstsOf.get(tp)?.converted ?? 0,
      droppedOff: dropped.get(tp) ?? 0,
      medianHoursToNext: medians.get(tp) ?? null,
    })),
    journey: {
      customers: sum(touched, (f) => f.first_touches),
      converted: sum(touched, (f) => f.first_touches_converted),
      conversionValue: sum(firsts, (f) => f.value ?? 0),
      stageReached: Array.from({ length: p.stageCount }, (_, k) =>
        sum(firstStage, (f) => (k === 0 ? f.stage_first : (f.funnel[k - 1] ?? 0))),
      ),
      stageCustomers: Array.from({ length: p.stageCount }, (_, k) =>
        sum(
          touched.filter((f) => stageOf(f.tp) === k),
          (f) => f.stage_first,
        ),
      ),
      unmatchedEvents: unmatched,
    },
  };
}

/** Raw touchpoint and journey counts for one journey, per engine. */
export const touchpointMetrics: EngineVariants<
  (db: DuckDatabase, p: TouchpointMetricsParams) => Promise<TouchpointMetricsRows>
> = {
  duckdb: touchpointMetricsDuckdb,
};
