import { bucketMs, bucketOrigin, bucketStarts } from '../../../core/metrics/buckets.ts';
import type { SeriesBucket, TouchpointSeriesPoint } from '../../../core/metrics/detail-types.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import {
  type JourneyScope,
  journeyEventsSql,
  queryClassified,
  SqlBuilder,
} from './journey-scope.ts';

export interface TouchpointSeriesParams extends JourneyScope {
  /** The touchpoint's index in map order. */
  index: number;
  bucket: SeriesBucket;
}

export interface TouchpointSeriesRows {
  totals: { volume: number; reach: number; converted: number };
  points: TouchpointSeriesPoint[];
}

interface Row {
  b: number | null;
  volume: number;
  reach: number;
  converted: number;
}

/**
 * Volume, reach and conversions after touch of one touchpoint per bucket of touch time, plus the
 * same over the whole range (the grouping set without the bucket: the row whose bucket is NULL). A touch converts when
 * the customer's first goal event at or after it (same instant included, so the RANGE frame
 * starts at the current row's peers) is within the conversion window, as in docs/metrics.md.
 */
async function touchpointSeriesDuckdb(
  db: DuckDatabase,
  p: TouchpointSeriesParams,
): Promise<TouchpointSeriesRows> {
  const origin = bucketOrigin(p.from, p.bucket).getTime();
  const classified = journeyEventsSql(p, { upTo: p.index });
  const build = (events: SqlFragment) =>
    new SqlBuilder()
      .add('WITH j AS MATERIALIZED (')
      .fragment(events)
      .add(
        `),
  w AS (
    SELECT cid, ts, tp,
      min(CASE WHEN is_goal THEN ts END) OVER (PARTITION BY cid ORDER BY ts
        RANGE BETWEEN CURRENT ROW AND UNBOUNDED FOLLOWING) AS next_goal
    FROM j WHERE cid IN (SELECT cid FROM j WHERE tp = ?)
  ),
  t AS (
    SELECT cid, floor((epoch_ms(ts) - ?) / ?)::INTEGER AS b,
      coalesce(next_goal <= ts + to_days(?), false) AS converted
    FROM w WHERE tp = ?
  ),
  per_customer AS (
    SELECT b, cid, count(*) AS volume, bool_or(converted) AS converted
    FROM t GROUP BY GROUPING SETS ((b, cid), (cid))
  )
  SELECT b, sum(volume) AS volume, count(*) AS reach,
    count(*) FILTER (WHERE converted) AS converted
  FROM per_customer GROUP BY b`,
        p.index,
        origin,
        bucketMs(p.bucket),
        p.settings.conversionWindowDays,
        p.index,
      )
      .build();
  const rows = await queryClassified<Row>(db, classified, build);
  const byBucket = new Map(rows.filter((r) => r.b !== null).map((r) => [r.b, r]));
  const total = rows.find((r) => r.b === null);
  return {
    totals: {
      volume: total?.volume ?? 0,
      reach: total?.reach ?? 0,
      converted: total?.converted ?? 0,
    },
    points: bucketStarts(p.from, p.to, p.bucket).map((start, i) => {
      const r = byBucket.get(i);
      return {
        start: start.toISOString(),
        volume: r?.volume ?? 0,
        reach: r?.reach ?? 0,
        converted: r?.converted ?? 0,
      };
    }),
  };
}

/** One touchpoint's figures per day or week, per engine. */
export const touchpointSeries: EngineVariants<
  (db: DuckDatabase, p: TouchpointSeriesParams) => Promise<TouchpointSeriesRows>
> = {
  duckdb: touchpointSeriesDuckdb,
};
