import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';
import { type FunnelParams, funnelChainSql } from './funnel-chain.ts';
import { journeyEventsTable } from './paths-scope.ts';

/** Per step: customers who reached it, and the median hours from the previous step to it. */
export type FunnelRows = Array<{ customers: number; medianHours: number | null }>;

const HOUR_US = '3600000000.0';

/**
 * Customers per step and the median time between steps, from each customer's best attempt
 * (funnel-chain.ts): a customer who reached step k reached every step before it.
 */
export function funnelSql(p: FunnelParams, table: string): SqlFragment {
  const m = p.steps.length;
  const figures = Array.from({ length: m }, (_, k) =>
    k === 0
      ? 'count(*) AS c0, NULL AS m0'
      : `count(*) FILTER (WHERE reach > ${k}) AS c${k},
      percentile_cont(0.5) WITHIN GROUP (ORDER BY (t${k} - t${k - 1}) / ${HOUR_US})
        FILTER (WHERE reach > ${k}) AS m${k}`,
  );
  return new SqlBuilder()
    .fragment(funnelChainSql(p, table))
    .add(`\nSELECT ${figures.join(',\n  ')} FROM best`)
    .build();
}

/** A funnel's customers per step (docs/analytics.md, Funnels). */
async function journeyFunnelDuckdb(db: DuckDatabase, p: FunnelParams): Promise<FunnelRows> {
  const table = await journeyEventsTable(db, p);
  const q = funnelSql(p, table);
  const [row] = await db.query<Record<string, number | null>>(q.sql, q.params);
  return p.steps.map((_, k) => ({
    customers: row?.[`c${k}`] ?? 0,
    medianHours: row?.[`m${k}`] ?? null,
  }));
}

/** A journey funnel's counts, per engine. */
export const journeyFunnel: EngineVariants<
  (db: DuckDatabase, p: FunnelParams) => Promise<FunnelRows>
> = {
  duckdb: journeyFunnelDuckdb,
};
