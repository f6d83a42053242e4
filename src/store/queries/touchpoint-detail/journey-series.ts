import { bucketMs, bucketOrigin, bucketStarts } from '../../../core/metrics/buckets.ts';
import type { JourneySeriesPoint, SeriesBucket } from '../../../core/metrics/detail-types.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import {
  type JourneyScope,
  journeyEventsSql,
  queryClassified,
  SqlBuilder,
} from './journey-scope.ts';

export interface JourneySeriesParams extends JourneyScope {
  bucket: SeriesBucket;
}

interface Row {
  b: number;
  customers: number;
  conversions: number;
  value: number | null;
}

/**
 * Journey customers and conversions per bucket. As in the journey figures of docs/metrics.md,
 * only customers with a touch in the range count: a customer counts in a bucket's `customers`
 * when they touched a touchpoint in it, and in its `conversions` when one of their goal events
 * falls in it, whenever their touches were.
 */
async function journeySeriesDuckdb(
  db: DuckDatabase,
  p: JourneySeriesParams,
): Promise<JourneySeriesPoint[]> {
  const classified = journeyEventsSql(p);
  const build = (events: SqlFragment) =>
    new SqlBuilder()
      .add('WITH j AS MATERIALIZED (')
      .fragment(events)
      .add(
        `),
  journey_customers AS (SELECT DISTINCT cid FROM j WHERE tp IS NOT NULL),
  per_customer AS (
    SELECT floor((epoch_ms(j.ts) - ?) / ?)::INTEGER AS b, j.cid,
      bool_or(j.tp IS NOT NULL) AS touched,
      bool_or(j.is_goal AND jc.cid IS NOT NULL) AS converted,
      sum(j.goal_value) FILTER (WHERE j.is_goal AND jc.cid IS NOT NULL) AS value
    FROM j LEFT JOIN journey_customers jc ON jc.cid = j.cid
    GROUP BY ALL
  )
  SELECT b, count(*) FILTER (WHERE touched) AS customers,
    count(*) FILTER (WHERE converted) AS conversions, sum(value) AS value
  FROM per_customer GROUP BY b`,
        bucketOrigin(p.from, p.bucket).getTime(),
        bucketMs(p.bucket),
      )
      .build();
  const rows = await queryClassified<Row>(db, classified, build);
  const byBucket = new Map(rows.map((r) => [r.b, r]));
  return bucketStarts(p.from, p.to, p.bucket).map((start, i) => {
    const r = byBucket.get(i);
    return {
      start: start.toISOString(),
      customers: r?.customers ?? 0,
      conversions: r?.conversions ?? 0,
      conversionValue: r?.value ?? 0,
    };
  });
}

/** The journey's customers and conversions per day or week, per engine. */
export const journeySeries: EngineVariants<
  (db: DuckDatabase, p: JourneySeriesParams) => Promise<JourneySeriesPoint[]>
> = {
  duckdb: journeySeriesDuckdb,
};
