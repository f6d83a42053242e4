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

/** Per touchpoint (NULL: rows that are no touch), a count or a sum. */
interface PerTp {
  tp: number | null;
  n: number;
}

/** Where a touchpoint's median lies: hop bucket `key`, positions `lo`, `hi` in it (0-based). */
interface MedianPick {
  tp: number;
  lo_key: number;
  lo_pos: number;
  hi_key: number;
  hi_pos: number;
}

interface MetricsRow {
  volume: PerTp[] | null;
  unmatched: number | null;
  reach: PerTp[] | null;
  converted: PerTp[] | null;
  /** First touches in the range (n), and of those, customers with a goal in it (converted). */
  customers: Array<PerTp & { converted: number }> | null;
  value: number | null;
  /**
   * First touches of a stage in the range (n); for the first stage, element k-1 of `reached`:
   * those whose customer then reached stage k in order.
   */
  stages: Array<PerTp & { reached: number[] }> | null;
  drops: PerTp[] | null;
  medians: MedianPick[] | null;
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

/** An integer computed here (never user input), written into the SQL. */
function int(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Error(`not an integer: ${x}`);
  return String(x);
}

/**
 * The conditions every part of the query shares: the range ($1, $2), and the persona's
 * customers (traits as they are now, on the canonical customer), found once in the CTE
 * `persona_customers` that `with` starts the query with.
 */
function scopeSql(p: TouchpointMetricsParams, params: Params): { with: string; where: string } {
  const range = `ts >= ${params.add(micros(p.from))} AND ts < ${params.add(micros(p.to))}`;
  if (!p.segment) return { with: 'WITH', where: range };
  const seg = compileSegmentRule(p.segment);
  // The rule's fragment uses `?` placeholders: renumber them after the ones before.
  let i = 0;
  const segSql = seg.sql.replace(/\?/g, () => params.add(seg.params[i++]));
  return {
    with: `WITH persona_customers AS MATERIALIZED (
      SELECT k.ck FROM customer_keys k JOIN customers c ON c.id = k.customer_id
      WHERE k.workspace_id = ${params.add(p.workspaceId)} AND c.workspace_id = k.workspace_id
        AND ${segSql}
    ),`,
    where: `${range} AND ck IN (SELECT ck FROM persona_customers)`,
  };
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
 *   lapse. An episode end of the full history in the range ends one in the range too, and the
 *   range's episode starts at max(its full-history start, `from`): there is no event between
 *   `from` and the first one in the range, and every event before an episode start is over a
 *   day earlier, so "a goal in the episode up to the touch" is `last_goal >= start`. The last
 *   event in the range ends an episode even if it ends none in the full history, but then its
 *   next event, beyond `to`, is less than `inactivityDays` away, and so is the end of the data:
 *   it cannot be a drop-off.
 *
 * Each part is a scan with its own pushed-down condition, so that it reads only the rows it
 * needs: the firsts of one kind, the goal events, the episode ends. Only volume and the hop
 * buckets (where each touchpoint's median lies) read every row, and only `hop_key`.
 */
function metricsSql(p: TouchpointMetricsParams, table: string): SqlFragment {
  const params = new Params();
  const { with: withSql, where: scope } = scopeSql(p, params);
  const from = '$1';
  const to = '$2';
  const inactivity = params.add(BigInt(p.settings.inactivityDays) * DAY_US);
  const dataEnd = params.add(micros(new Date(Math.min(p.to.getTime(), Date.now()))));
  // CTE names are prefixed so that none hides a table (`customers`).
  const perTp = (name: string, where: string, extra = '') =>
    `n_${name} AS (SELECT tp, count(*) AS n${extra} FROM ${table}
    WHERE ${scope} AND ${where} GROUP BY tp)`;
  const funnel = funnelColumns(p)
    .map((f) => `count_if(${f} < ${to})`)
    .join(', ');
  const sql = `${withSql} n_keys AS (
    SELECT hop_key, count(*) AS n FROM ${table} WHERE ${scope} GROUP BY hop_key
  ),
  -- Hops whose next touch is beyond \`to\`: at most one per customer, and in few row groups.
  n_late AS (
    SELECT hop_key, count(*) AS n FROM ${table}
    WHERE ${scope} AND next_touch >= ${to} AND hop_key >= 0 GROUP BY hop_key
  ),
  ${perTp('reach', `prev_tp < ${from}`)},
  ${perTp('converted', `conv_prev < ${from} AND next_goal < ${to}`)},
  ${perTp(
    'customers',
    `prev_touch < ${from} AND tp IS NOT NULL`,
    `, count_if(last_goal >= ${from} OR next_goal < ${to}) AS converted`,
  )},
  ${perTp('stages', `prev_stage < ${from}`, `, [${funnel}]::BIGINT[] AS reached`)},
  n_drops AS (
    SELECT tp, count(DISTINCT ck) AS n FROM ${table}
    WHERE ${scope} AND is_end AND tp IS NOT NULL AND NOT is_goal
      AND (next_ts < ${to} OR ${dataEnd} >= ts + ${inactivity})
      AND last_goal < greatest(ep_start, ${from})
    GROUP BY tp
  ),
  -- The hop buckets of each touchpoint, in the order of the hops, with the count before each:
  -- the two middle hops are in the buckets whose span holds positions (n-1)/2 and n/2.
  buckets AS (
    SELECT hop_key // ${HOP_SPAN} AS tp, hop_key, hops,
      sum(hops) OVER (PARTITION BY hop_key // ${HOP_SPAN} ORDER BY hop_key) - hops AS below,
      sum(hops) OVER (PARTITION BY hop_key // ${HOP_SPAN}) AS total
    FROM (
      SELECT k.hop_key, k.n - coalesce(l.n, 0) AS hops
      FROM n_keys k LEFT JOIN n_late l USING (hop_key)
      WHERE k.hop_key >= 0 AND k.hop_key % ${HOP_SPAN} <> ${HOP_NONE}
    ) WHERE hops > 0
  ),
  medians AS (
    SELECT tp,
      max(hop_key) FILTER (WHERE (total - 1) // 2 BETWEEN below AND below + hops - 1) AS lo_key,
      max((total - 1) // 2 - below) FILTER (WHERE (total - 1) // 2 BETWEEN below AND below + hops - 1)
        AS lo_pos,
      max(hop_key) FILTER (WHERE total // 2 BETWEEN below AND below + hops - 1) AS hi_key,
      max(total // 2 - below) FILTER (WHERE total // 2 BETWEEN below AND below + hops - 1) AS hi_pos
    FROM buckets GROUP BY tp
  )
  SELECT
    (SELECT list({'tp': hop_key // ${HOP_SPAN}, 'n': n}) FROM n_keys WHERE hop_key >= 0) AS volume,
    (SELECT sum(n) FROM n_keys WHERE hop_key = ${KEY_UNMATCHED}) AS unmatched,
    (SELECT list(n_reach) FROM n_reach) AS reach,
    (SELECT list(n_converted) FROM n_converted) AS converted,
    (SELECT list(n_customers) FROM n_customers) AS customers,
    (SELECT fsum(goal_value) FROM ${table} WHERE ${scope} AND is_goal
      AND (tp IS NOT NULL OR prev_touch >= ${from} OR next_touch < ${to})) AS value,
    (SELECT list(n_stages) FROM n_stages) AS stages,
    (SELECT list(n_drops) FROM n_drops) AS drops,
    (SELECT list(medians) FROM medians) AS medians`;
  return { sql, params: params.values };
}

/**
 * The two middle hops of each touchpoint: the rows of one hop bucket each, ranked. The table is
 * ordered by `hop_key`, so each branch reads only the row groups of its bucket. Keys and
 * positions are integers computed by the query above. Bucket 0 holds only hops of zero.
 */
function middleValuesSql(p: TouchpointMetricsParams, table: string, picks: MedianPick[]) {
  const wanted = new Map<number, Set<number>>();
  for (const m of picks) {
    for (const [key, pos] of [
      [m.lo_key, m.lo_pos],
      [m.hi_key, m.hi_pos],
    ] as const) {
      if (key % HOP_SPAN === 0) continue;
      wanted.set(key, (wanted.get(key) ?? new Set()).add(pos));
    }
  }
  if (wanted.size === 0) return undefined;
  const params = new Params();
  const { with: withSql, where: scope } = scopeSql(p, params);
  const sql = `${withSql === 'WITH' ? '' : `${withSql.replace(/,$/, '')} `}${[...wanted]
    .map(
      ([key, positions]) => `SELECT ${int(key)} AS hop_key, pos, hop_hours FROM (
        SELECT hop_hours, row_number() OVER (ORDER BY hop_hours) - 1 AS pos FROM ${table}
        WHERE ${scope} AND next_touch < $2 AND hop_key = ${int(key)}
      ) WHERE pos IN (${[...positions].map(int).join(', ')})`,
    )
    .join('\nUNION ALL\n')}`;
  return { sql, params: params.values };
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
    shape: {
      ...p,
      conversionWindowDays: p.settings.conversionWindowDays,
      inactivityDays: p.settings.inactivityDays,
    },
  });
  const { row, middles } = await db.transaction(async (s) => {
    const q = metricsSql(p, table);
    const [row] = await s.query<MetricsRow>(q.sql, q.params);
    const m = middleValuesSql(p, table, row?.medians ?? []);
    const middles = m
      ? await s.query<{ hop_key: number; pos: number; hop_hours: number }>(m.sql, m.params)
      : [];
    return { row: row!, middles };
  });
  const valueAt = (key: number, pos: number) =>
    key % HOP_SPAN === 0 ? 0 : middles.find((m) => m.hop_key === key && m.pos === pos)!.hop_hours;
  // As DuckDB's median interpolates the two middle values of an even count.
  const medians = new Map(
    (row.medians ?? []).map((m) => [
      m.tp,
      valueAt(m.lo_key, m.lo_pos) * 0.5 + valueAt(m.hi_key, m.hi_pos) * 0.5,
    ]),
  );
  const byTp = (rows: PerTp[] | null) => {
    const out = new Map<number, number>();
    for (const r of rows ?? []) {
      if (r.tp !== null) out.set(r.tp, (out.get(r.tp) ?? 0) + r.n);
    }
    return out;
  };
  const total = (m: Map<number, number>, tps?: (tp: number) => boolean) =>
    [...m].reduce((s, [tp, n]) => s + (!tps || tps(tp) ? n : 0), 0);
  const volume = byTp(row.volume);
  const reach = byTp(row.reach);
  const converted = byTp(row.converted);
  const drops = byTp(row.drops);
  const stageFirst = byTp(row.stages);
  const stageOf = (tp: number) => p.touchpoints[tp]!.stageIndex;
  const customers = row.customers ?? [];
  const firstStage = (row.stages ?? []).filter((r) => r.tp !== null && stageOf(r.tp) === 0);
  return {
    touchpoints: [...volume].map(([tp, n]) => ({
      touchpointId: p.touchpoints[tp]!.id,
      volume: n,
      reach: reach.get(tp) ?? 0,
      converted: converted.get(tp) ?? 0,
      droppedOff: drops.get(tp) ?? 0,
      medianHoursToNext: medians.get(tp) ?? null,
    })),
    journey: {
      customers: customers.reduce((s, r) => s + r.n, 0),
      converted: customers.reduce((s, r) => s + r.converted, 0),
      conversionValue: row.value ?? 0,
      stageReached: Array.from({ length: p.stageCount }, (_, k) =>
        firstStage.reduce((s, r) => s + (k === 0 ? r.n : (r.reached[k - 1] ?? 0)), 0),
      ),
      stageCustomers: Array.from({ length: p.stageCount }, (_, k) =>
        total(stageFirst, (tp) => stageOf(tp) === k),
      ),
      unmatchedEvents: row.unmatched ?? 0,
    },
  };
}

/** Raw touchpoint and journey counts for one journey, per engine. */
export const touchpointMetrics: EngineVariants<
  (db: DuckDatabase, p: TouchpointMetricsParams) => Promise<TouchpointMetricsRows>
> = {
  duckdb: touchpointMetricsDuckdb,
};
