import type { JourneyCounts, TouchpointCounts } from '../../../core/metrics/types.ts';
import type { TGoal, TJourneySettings } from '../../../core/schemas/journey.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckSession } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { jsonPath, type SqlFragment } from '../../sql.ts';
import { compileMatchRule, compileSegmentRule, compileTouchpointCase } from '../rules.ts';

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

/** Bits per mask word: the touchpoints a customer touched are kept as 64-bit words. */
const WORD = 64;

/** Event columns a match rule can test (besides `properties`), by rule field. */
const RULE_COLUMNS = {
  type: 'type',
  event: 'event',
  path: 'path',
  utmSource: 'utm_source',
  utmMedium: 'utm_medium',
  utmCampaign: 'utm_campaign',
  channel: 'channel',
} as const;

/**
 * The columns that make a kind of event: type and event (the goal test reads them), and every
 * other column some rule tests. Events that differ only elsewhere are the same kind.
 */
function kindColumns(p: TouchpointMetricsParams): string[] {
  const used = new Set<string>(['type', 'event']);
  for (const t of p.touchpoints) {
    for (const rule of t.matchRules) {
      for (const [field, column] of Object.entries(RULE_COLUMNS)) {
        if (rule[field as keyof typeof RULE_COLUMNS]) used.add(column);
      }
    }
  }
  return Object.values(RULE_COLUMNS).filter((c) => used.has(c));
}

/** A match rule with property conditions, split into what a kind decides and what it cannot. */
interface PropertyRule {
  tp: number;
  /** The rule's other conditions: the same for every event of a kind. */
  base: SqlFragment;
  /** The property conditions: evaluated per event. */
  props: SqlFragment;
}

/** The rules that read `properties`, in map order (the order the touchpoint CASE tries them). */
function propertyRules(p: TouchpointMetricsParams): PropertyRule[] {
  const out: PropertyRule[] = [];
  p.touchpoints.forEach((t, tp) => {
    for (const rule of t.matchRules) {
      if (!rule.properties?.length) continue;
      const hasBase = Object.keys(RULE_COLUMNS).some(
        (field) => rule[field as keyof typeof RULE_COLUMNS],
      );
      out.push({
        tp,
        base: hasBase
          ? compileMatchRule({ ...rule, properties: undefined })
          : { sql: 'true', params: [] },
        props: compileMatchRule({ properties: rule.properties }),
      });
    }
  });
  return out;
}

/** The customer key the window partitions by: a 64-bit hash, or the id itself (exact). */
type CustomerKey = 'hash' | 'id';

interface MetricsRow {
  customers: number;
  converted: number;
  value: number | null;
  unmatched: number;
  collisions: number;
  funnel: Array<{ reached: number; n: number }> | null;
  stage_customers: number[];
  touchpoints: Array<{
    tp: number;
    volume: number;
    reach: number;
    converted: number;
    dropped: number;
    median_hours: number | null;
  }> | null;
}

/**
 * Builds the one query that computes every figure. Its stages:
 * - `kinds`: the distinct kinds of scoped event (the columns match rules read, with a count),
 *   classified once each by the touchpoint CASE and the goal test: the rules run on about a
 *   hundred thousand kinds instead of ten million events. Kinds whose touchpoint can depend on
 *   `properties` are flagged, and only their events run the CASE one by one.
 * - `j`: each touch or goal event with its canonical customer, by joining its kind. `touch`
 *   packs (ts, tp) into one integer that sorts like the pair.
 * - `w`: a single sorted window pass per customer (ts, tp NULLS LAST) for everything that needs
 *   neighbours: the next event, the last goal at or before, the next goal after, the next touch.
 * - aggregates per touchpoint, per customer (bit sets of touched and converted touchpoints, the
 *   funnel list) and per episode end (drop-offs).
 */
function metricsSql(p: TouchpointMetricsParams, key: CustomerKey): SqlFragment {
  const plainCase = compileTouchpointCase(
    p.touchpoints.map((t) => t.matchRules.filter((r) => !r.properties?.length)),
  );
  const prules = propertyRules(p);
  const columns = kindColumns(p);
  const n = Math.max(1, p.touchpoints.length);
  // Stage indexes are integers from the map, not user text: safe to write into the SQL.
  const stageList = `[${p.touchpoints.map((t) => Math.trunc(t.stageIndex)).join(', ')}]`;
  const stageOf = (tp: string) =>
    p.touchpoints.length > 0 ? `${stageList}[${tp} + 1]` : 'CAST(NULL AS INTEGER)';
  const words = Math.ceil(n / WORD);
  const fromUs = BigInt(p.from.getTime()) * 1000n;
  const stages = Math.max(1, p.stageCount, ...p.touchpoints.map((t) => t.stageIndex + 1));
  // A touch packs ((ts - from) * n + tp) * stages + stage into one integer that sorts like
  // (ts, tp): the funnel sorts plain integers, and one lead() finds the next touch. It must fit.
  const spanUs = Math.max(0, p.to.getTime() - p.from.getTime()) * 1000;
  const packType = spanUs * n * stages < 2 ** 62 ? 'BIGINT' : 'HUGEINT';
  const dataEnd = new Date(Math.min(p.to.getTime(), Date.now())).toISOString();
  // The customer key (ck) and, on the hash path, a second, independent hash (cc) whose spread
  // within one ck reveals two customers sharing a hash.
  // Events of `needs` kinds whose properties matched no touchpoint (and that are no goal) go to a
  // NULL partition that every consumer skips: filtering them out instead would make DuckDB run
  // the property CASE twice (in the pushed-down filter and in the projection).
  const ck = `CASE WHEN tp IS NOT NULL OR is_goal THEN ${key === 'hash' ? 'hash(cid)' : 'cid'} END`;
  const cc = key === 'hash' ? "hash(cid || '#')" : '0::UBIGINT';

  const sql: string[] = [];
  const params: unknown[] = [];
  const add = (text: string, ...values: unknown[]) => {
    sql.push(text);
    params.push(...values);
  };
  const addFragment = (f: SqlFragment) => add(f.sql, ...f.params);
  const scope = () => {
    add(
      'e.workspace_id = ? AND e.ts >= ?::TIMESTAMP AND e.ts < ?::TIMESTAMP',
      p.workspaceId,
      p.from.toISOString(),
      p.to.toISOString(),
    );
    if (p.segment) {
      const seg = compileSegmentRule(p.segment);
      add(
        ` AND coalesce(a.canonical_id, e.customer_id) IN (
          SELECT c.id FROM customers c WHERE c.workspace_id = ? AND ${seg.sql})`,
        p.workspaceId,
        ...seg.params,
      );
    }
  };
  const aliasJoin = 'LEFT JOIN customer_aliases a ON a.customer_id = e.customer_id';
  const bits = (cond: string) =>
    `[${Array.from(
      { length: words },
      (_, i) =>
        `coalesce(bit_or(CASE WHEN tp // ${WORD} = ${i} AND ${cond}
          THEN (1::UBIGINT << (tp % ${WORD})::UBIGINT) END), 0::UBIGINT)`,
    ).join(', ')}]`;
  // Customers who touched any touchpoint of a stage, in whatever order: per stage, a mask of its
  // touchpoints' bits (integers computed here, not user input) tested against reached_bits.
  const stageCustomerCounts = () =>
    Array.from({ length: stages }, (_, stage) => {
      const masks = Array.from({ length: words }, () => 0n);
      p.touchpoints.forEach((t, tp) => {
        if (t.stageIndex === stage) masks[Math.floor(tp / WORD)]! |= 1n << BigInt(tp % WORD);
      });
      const tests = masks
        .map((m, i) => (m === 0n ? '' : `reached_bits[${i + 1}] & ${m}::UBIGINT <> 0::UBIGINT`))
        .filter(Boolean);
      return tests.length === 0
        ? '0'
        : `(SELECT count(*) FROM per_customer WHERE touched AND (${tests.join(' OR ')}))`;
    }).join(', ');
  const hasBit = (column: string) =>
    `(${column}[k // ${WORD} + 1] >> (k % ${WORD})::UBIGINT) & 1::UBIGINT = 1::UBIGINT`;

  // Kinds: the touchpoint by the rules without property conditions (tp), and for each rule with
  // property conditions whether a kind passes its other conditions and the rule could still win
  // (pr<i>); only events of kinds with such a rule (needs) test properties, one by one.
  add(`WITH kinds AS MATERIALIZED (
    SELECT e.*, ${prules.length ? prules.map((_, i) => `pr${i}`).join(' OR ') : 'false'} AS needs
    FROM (
      SELECT e.*`);
  prules.forEach((r, i) => {
    add(', (');
    addFragment(r.base);
    add(`) AND (e.tp IS NULL OR ${r.tp} < e.tp) AS pr${i}`);
  });
  add(`
      FROM (
        SELECT e.*, `);
  addFragment(plainCase);
  add(` AS tp, ${stageOf('tp')} AS stage, `);
  if (p.goal) add("(e.type = 'track' AND lower(e.event) = lower(?))", p.goal.event);
  else add('false');
  // Unmatched events count interactions only: identify, group and alias calls are not touches.
  add(` AS is_goal, e.type IN ('track', 'page', 'screen') AS interaction FROM (
          SELECT ${columns.map((c) => `e.${c}`).join(', ')}, count(*) AS n
          FROM events e ${p.segment ? aliasJoin : ''}
          WHERE `);
  scope();
  add(` GROUP BY ALL
        ) e
      ) e
    ) e
  ),
  j AS (
    SELECT coalesce(a.canonical_id, e.customer_id) AS cid, e.ts, k.is_goal, k.needs,
      k.interaction, k.stage AS kind_stage, `);
  if (prules.length > 0) {
    add('CASE WHEN k.needs THEN CASE');
    prules.forEach((r, i) => {
      add(` WHEN k.pr${i} AND `);
      addFragment(r.props);
      add(` THEN ${r.tp}`);
    });
    add(' ELSE k.tp END ELSE k.tp END AS tp,');
  } else add('k.tp,');
  add(`
      CASE WHEN k.is_goal THEN `);
  if (p.goal?.valueProperty) {
    add('TRY_CAST(json_extract_string(e.properties, ?) AS DOUBLE)', jsonPath(p.goal.valueProperty));
  } else add('e.value');
  add(` END AS goal_value
    FROM events e
    JOIN (SELECT * FROM kinds WHERE tp IS NOT NULL OR is_goal OR needs) k
      ON e.type = k.type AND e.event = k.event
      ${columns
        .slice(2)
        .map((c) => `AND e.${c} IS NOT DISTINCT FROM k.${c}`)
        .join(' ')}
    ${aliasJoin}
    WHERE `);
  scope();
  add(`),
  w AS MATERIALIZED (
    SELECT ck, cc, ts, tp, is_goal, needs, interaction, goal_value, touch,
      lead(ts) OVER o AS next_ts,
      CASE WHEN is_goal THEN ts
        ELSE lag(CASE WHEN is_goal THEN ts END IGNORE NULLS) OVER o END AS last_goal,
      lead(CASE WHEN is_goal THEN ts END IGNORE NULLS) OVER o AS next_goal,
      lead(touch IGNORE NULLS) OVER o AS next_touch
    FROM (
      SELECT ts, tp, is_goal, needs, interaction, goal_value, ${ck} AS ck, ${cc} AS cc,
        CASE WHEN tp IS NOT NULL THEN ((epoch_us(ts)::${packType} - ${fromUs}) * ${n} + tp)
          * ${stages} + CASE WHEN needs THEN ${stageOf('tp')} ELSE kind_stage END END AS touch
      FROM j
    )
    WINDOW o AS (PARTITION BY ck ORDER BY ts, tp NULLS LAST)
  ),
  per_tp AS (
    SELECT tp, count(*) AS volume,
      median(epoch(make_timestamp((${fromUs} + next_touch // ${n * stages})::BIGINT) - ts)
        / 3600.0) FILTER (WHERE next_touch IS NOT NULL AND next_touch // ${stages} % ${n} <> tp)
        AS median_hours,
      count(*) FILTER (WHERE needs AND NOT is_goal AND interaction) AS needs_matched
    FROM w WHERE tp IS NOT NULL GROUP BY tp
  ),
  per_customer AS (
    SELECT ck, min(cc) <> max(cc) AS mixed, bool_or(tp IS NOT NULL) AS touched,
      bool_or(is_goal) AS has_goal, sum(goal_value) AS value,
      ${bits('true')} AS reached_bits,
      ${bits('(last_goal = ts OR next_goal <= ts + to_days(?))')} AS converted_bits,
      list(touch) FILTER (WHERE touch IS NOT NULL) AS touches
    FROM w WHERE ck IS NOT NULL GROUP BY ck
  ),`);
  for (let i = 0; i < words; i++) params.push(p.settings.conversionWindowDays);
  add(
    `
  ends AS (
    SELECT ck, tp, ts, next_ts, is_goal, last_goal,
      lag(next_ts) OVER (PARTITION BY ck ORDER BY ts) AS episode_start
    FROM w WHERE ck IS NOT NULL AND (next_ts IS NULL OR next_ts - ts >= to_days(?))
  ),
  drops AS (
    SELECT tp, count(DISTINCT ck) AS dropped FROM ends
    WHERE tp IS NOT NULL AND coalesce(next_ts, ?::TIMESTAMP) - ts >= to_days(?) AND NOT is_goal
      AND (last_goal IS NULL OR (episode_start IS NOT NULL AND last_goal < episode_start))
    GROUP BY tp
  ),
  tp_bits AS (
    SELECT k AS tp,
      count(*) FILTER (WHERE ${hasBit('reached_bits')}) AS reach,
      count(*) FILTER (WHERE ${hasBit('converted_bits')}) AS converted
    FROM per_customer, range(?) r(k) WHERE touched GROUP BY k
  ),
  funnel AS (
    SELECT list_reduce(
        list_prepend(0, list_transform(list_sort(touches), x -> x % ${stages})),
        lambda acc, x: CASE WHEN x = acc THEN acc + 1 ELSE acc END) AS reached
    FROM per_customer WHERE touched
  )
  SELECT
    (SELECT count(*) FROM per_customer WHERE touched) AS customers,
    (SELECT count(*) FROM per_customer WHERE touched AND has_goal) AS converted,
    (SELECT sum(value) FROM per_customer WHERE touched) AS value,
    (SELECT coalesce(sum(n) FILTER (WHERE NOT is_goal AND interaction AND (needs OR tp IS NULL)), 0)
      FROM kinds)
      - (SELECT coalesce(sum(needs_matched), 0) FROM per_tp) AS unmatched,
    (SELECT count(*) FILTER (WHERE mixed) FROM per_customer) AS collisions,
    (SELECT list({'reached': reached, 'n': n}) FROM (
      SELECT reached, count(*) AS n FROM funnel GROUP BY reached)) AS funnel,
    [${stageCustomerCounts()}] AS stage_customers,
    (SELECT list({'tp': per_tp.tp, 'volume': volume, 'reach': tp_bits.reach,
        'converted': tp_bits.converted, 'dropped': coalesce(drops.dropped, 0),
        'median_hours': median_hours} ORDER BY per_tp.tp)
      FROM per_tp JOIN tp_bits USING (tp) LEFT JOIN drops USING (tp)) AS touchpoints`,
    p.settings.inactivityDays,
    dataEnd,
    p.settings.inactivityDays,
    p.touchpoints.length,
  );
  return { sql: sql.join(''), params };
}

/**
 * Volume, reach, conversion after touch, drop-off, median hours to the next different touch, and
 * the stage funnel, in one query (see metricsSql). Semantics, per customer, events ordered by
 * (ts, tp NULLS LAST):
 * - converted: some touch here has a goal at or after it within conversionWindowDays (the
 *   nearest such goal, as an ASOF join finds it);
 * - dropped off: some touch here ends an episode (the next event, or the end of the data, is at
 *   least inactivityDays later), is not a goal, and its episode had no goal up to it. Episodes
 *   are cut where inactivityDays pass without an event;
 * - median hours from a touch to the next touch of a different touchpoint;
 * - funnel: stages reached in the designed order, advancing each time the next stage appears.
 *
 * The window partitions by a 64-bit hash of the customer id, which sorts much faster than the
 * id; if two customers ever share a hash, the query runs again partitioned by the id itself.
 */
async function touchpointMetricsDuckdb(
  s: DuckSession,
  p: TouchpointMetricsParams,
): Promise<TouchpointMetricsRows> {
  await s.run("SET TimeZone = 'UTC'").catch(() => undefined);
  let q = metricsSql(p, 'hash');
  let [r] = await s.query<MetricsRow>(q.sql, q.params);
  if (r && r.collisions > 0) {
    q = metricsSql(p, 'id');
    [r] = await s.query<MetricsRow>(q.sql, q.params);
  }
  const row = r!;
  const funnelRows = row.funnel ?? [];
  const stageReached = Array.from({ length: p.stageCount }, (_, k) =>
    funnelRows.filter((f) => f.reached >= k + 1).reduce((sum, f) => sum + f.n, 0),
  );
  return {
    touchpoints: (row.touchpoints ?? []).map((t) => ({
      touchpointId: p.touchpoints[t.tp]!.id,
      volume: t.volume,
      reach: t.reach,
      converted: t.converted,
      droppedOff: t.dropped,
      medianHoursToNext: t.median_hours,
    })),
    journey: {
      customers: row.customers,
      converted: row.converted,
      conversionValue: row.value ?? 0,
      stageReached,
      stageCustomers: Array.from({ length: p.stageCount }, (_, k) => row.stage_customers[k] ?? 0),
      unmatchedEvents: row.unmatched,
    },
  };
}

/** Raw touchpoint and journey counts for one journey, per engine. */
export const touchpointMetrics: EngineVariants<
  (s: DuckSession, p: TouchpointMetricsParams) => Promise<TouchpointMetricsRows>
> = {
  duckdb: touchpointMetricsDuckdb,
};
