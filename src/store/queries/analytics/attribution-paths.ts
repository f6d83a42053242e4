import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import { refreshJourneyEvents } from '../../engines/duckdb/journey-events.ts';
import type { EngineVariants } from '../../port.ts';
import type { SequenceScope } from './conformance.ts';
import {
  decodeIndexes,
  INDEX_CHAR_BASE,
  MAX_INDEXES,
  NumberedParams,
  personaKeysSql,
} from './persona-keys.ts';

export interface AttributionPathsParams extends SequenceScope {
  segment: TSegmentRule | null;
  /** The key index (channel or touchpoint) of each touchpoint, in map order. */
  keyOf: readonly number[];
  lookbackDays: number;
  halfLifeDays: number;
}

export interface AttributionPathsRows {
  /** Distinct paths of key indexes: converting ones with their conversions, the others' nulls. */
  paths: Array<{ keys: number[]; conversions: number; value: number; nulls: number }>;
  /** Time-decay credit per touchpoint index (not per key: the caller sums keys). */
  timeDecay: Array<{ tp: number; conversions: number; value: number }>;
  /** Every goal event in scope, with or without touches in its lookback. */
  totals: { conversions: number; value: number };
}

const DAY_US = 86_400_000_000;
const micros = (d: Date) => BigInt(d.getTime()) * 1000n;
/** Touches of one conversion are sorted as one BIGINT each: µs since the lookback began × 2^18 + tp. */
const TP_SPAN = 262_144;
/** (365 days in µs + 1) × 2^18 stays below 2^63: the lookback is at most 365 days. */
const MAX_LOOKBACK_DAYS = 365;

/**
 * The attribution paths of a journey in scope, from its materialized events (journey-events.ts),
 * as docs/analytics.md defines them:
 *
 * - each goal event in [from, to) is a conversion (with its goal value; goal events of a customer
 *   at one instant count together). Its path is the customer's touches (a goal event is never a
 *   touch of its own path) in the `lookbackDays` before it and after their previous goal event:
 *   exactly the touches whose next goal (`next_goal`, stored) is this one, no more than the
 *   lookback earlier, in journey order (time, then map order at one instant);
 * - a customer in scope with touches in the range and no goal event in it has one
 *   non-converting path: those touches;
 * - time decay: each touch of a conversion weighs 2^(−age ÷ half-life), ages taken from the
 *   conversion's latest touch (so that nothing underflows; the common factor cancels), and its
 *   share of the conversion is its weight over the conversion's total, as attributeTimeDecay
 *   (src/core/attribution) computes it. The credit is summed per touchpoint.
 *
 * Paths come back as text, one character per key (persona-keys.ts), grouped: the heavy work
 * stays in DuckDB and only distinct paths travel. Each conversion's touches are sorted as a list
 * of packed integers, several times faster in DuckDB than an ordered `string_agg`; PostgreSQL
 * would write `string_agg(k, '' ORDER BY ts, tp)`.
 */
async function attributionPathsDuckdb(
  db: DuckDatabase,
  p: AttributionPathsParams,
): Promise<AttributionPathsRows> {
  if (p.keyOf.length > MAX_INDEXES) throw new Error(`too many touchpoints: ${p.keyOf.length}`);
  if (!(p.lookbackDays >= 1 && p.lookbackDays <= MAX_LOOKBACK_DAYS)) {
    throw new Error(`lookback out of range: ${p.lookbackDays}`);
  }
  const { table } = await refreshJourneyEvents(db, {
    workspaceId: p.workspaceId,
    journeyId: p.journeyId,
    shape: p.shape,
  });
  const params = new NumberedParams();
  const from = params.add(micros(p.from));
  const to = params.add(micros(p.to));
  const lookback = params.add(BigInt(Math.round(p.lookbackDays * DAY_US)));
  const halfLife = params.add(p.halfLifeDays * DAY_US);
  // The key of each touchpoint index, as a list literal: integers computed from the map, never
  // user input. (A bound value read inside a lambda of a materialized CTE is not registered as a
  // parameter by DuckDB 1.5: the statement then fails to bind.)
  const keyOf = `[${(p.keyOf.length ? p.keyOf : [0]).map((k) => String(Math.trunc(k))).join(', ')}]`;
  const persona = p.segment
    ? `AND ck IN (${personaKeysSql(params, p.workspaceId, p.segment)})`
    : '';
  const sql = `WITH c AS MATERIALIZED (
      SELECT ck, ts AS g, count(*) AS n, sum(coalesce(goal_value, 0)) AS v FROM ${table}
      WHERE is_goal AND ts >= ${from} AND ts < ${to} ${persona}
      GROUP BY ck, ts
    ),
    t AS (
      SELECT ck, next_goal AS g, ts, tp FROM ${table}
      WHERE tp IS NOT NULL AND NOT is_goal AND next_goal >= ${from} AND next_goal < ${to}
        AND ts >= ${from} - ${lookback} AND next_goal - ts <= ${lookback} ${persona}
    ),
    -- Each conversion's touches in order, packed: µs since its lookback began × 2^18 + tp.
    -- last: the offset of its latest touch, from which time decay takes ages.
    p AS MATERIALIZED (
      SELECT ck, g, n, v, packed, packed[-1] // ${TP_SPAN} AS last, ${halfLife}::DOUBLE AS h
      FROM (
        SELECT ck, g, list_sort(list((ts - g + ${lookback}) * ${TP_SPAN} + tp)) AS packed
        FROM t GROUP BY ck, g
      ) JOIN c USING (ck, g)
    ),
    weights AS (
      SELECT n, v, packed, list_transform(packed, x -> pow(2, -(last - x // ${TP_SPAN}) / h)) AS w
      FROM p
    ),
    shares AS (
      SELECT n, v, unnest(list_transform(packed, x -> x % ${TP_SPAN})) AS tp,
        unnest(w) / list_sum(w) AS share
      FROM weights
    ),
    nulls AS (
      SELECT ck, list_aggr(list_transform(list_sort(list({'ts': ts, 'tp': tp})),
          x -> chr(${INDEX_CHAR_BASE} + ${keyOf}[x.tp + 1])), 'string_agg', '') AS path
      FROM ${table}
      -- No goal event in the range: the one before the touch is before it, the one after after
      -- it. One touch row proves it for its customer, so this is a filter, not an anti-join.
      WHERE tp IS NOT NULL AND NOT is_goal AND ts >= ${from} AND ts < ${to} ${persona}
        AND last_goal < ${from} AND next_goal >= ${to}
      GROUP BY ck
    )
    SELECT 'path' AS kind, list_aggr(list_transform(packed,
        x -> chr(${INDEX_CHAR_BASE} + ${keyOf}[(x % ${TP_SPAN})::INTEGER + 1])), 'string_agg', '')
        AS path,
      NULL::INTEGER AS tp, sum(n)::DOUBLE AS conversions, sum(v)::DOUBLE AS value, 0 AS nulls
    FROM p GROUP BY 2
    UNION ALL
    SELECT 'path', path, NULL, 0, 0, count(*)::INTEGER FROM nulls GROUP BY path
    UNION ALL
    SELECT 'decay', NULL, tp::INTEGER, sum(n * share), sum(v * share), 0 FROM shares GROUP BY tp
    UNION ALL
    SELECT 'totals', NULL, NULL, coalesce(sum(n), 0), coalesce(sum(v), 0), 0 FROM c`;
  const cols = await db.with((s) => s.queryColumns(sql, params.values));
  const out: AttributionPathsRows = {
    paths: [],
    timeDecay: [],
    totals: { conversions: 0, value: 0 },
  };
  const kind = cols.kind as string[];
  const path = cols.path as Array<string | null>;
  const tp = cols.tp as Array<number | null>;
  const conversions = cols.conversions as number[];
  const value = cols.value as number[];
  const nulls = cols.nulls as number[];
  for (let i = 0; i < kind.length; i++) {
    if (kind[i] === 'path') {
      out.paths.push({
        keys: decodeIndexes(path[i]!),
        conversions: conversions[i]!,
        value: value[i]!,
        nulls: nulls[i]!,
      });
    } else if (kind[i] === 'decay') {
      out.timeDecay.push({ tp: tp[i]!, conversions: conversions[i]!, value: value[i]! });
    } else out.totals = { conversions: conversions[i]!, value: value[i]! };
  }
  return out;
}

/** Aggregated attribution paths per engine. */
export const attributionPaths: EngineVariants<
  (db: DuckDatabase, p: AttributionPathsParams) => Promise<AttributionPathsRows>
> = {
  duckdb: attributionPathsDuckdb,
};
