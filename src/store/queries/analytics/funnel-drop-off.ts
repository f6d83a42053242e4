import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import type { SqlFragment } from '../../sql.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';
import { type FunnelParams, funnelChainSql } from './funnel-chain.ts';
import { journeyEventsTable, micros } from './paths-scope.ts';

export interface FunnelDropOffParams extends FunnelParams {
  /** 1 … steps - 1: customers who reached step `step - 1` (0-based) but not `step`. */
  step: number;
  limit: number;
  offset: number;
}

export interface FunnelDropOffRows {
  total: number;
  items: Array<{ customerId: string; label: string; reachedAt: number }>;
  /** What the dropped-off customers did next: a touchpoint index, the goal, or nothing. */
  next: Array<{ kind: 'touchpoint' | 'goal' | 'none'; tp: number | null; customers: number }>;
}

interface Row {
  total: number | null;
  items: Array<{ customer_id: string; label: string; reached: number }> | null;
  next: Array<{ kind: 'touchpoint' | 'goal' | 'none'; tp: number | null; n: number }> | null;
}

/** Integers computed here (step numbers), never user input, written into the SQL. */
function int(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Error(`not an integer: ${x}`);
  return String(x);
}

/**
 * The customers whose best attempt (funnel-chain.ts) stopped right before `step`, latest first,
 * one page of them with a label (an email identity, else the `email` or `name` trait, else the
 * id), and where all of them went next: their first journey event (touch or goal event) after
 * the event that reached the previous step, in the range, skipping further touches of the
 * previous step's touchpoint.
 */
function funnelDropOffSql(p: FunnelDropOffParams, table: string): SqlFragment {
  const previous = p.steps[p.step - 1]!;
  const q = new SqlBuilder().fragment(funnelChainSql(p, table)).add(
    `,
  d AS MATERIALIZED (
    SELECT cid, t${int(p.step - 1)} AS reached FROM best WHERE reach = ${int(p.step)}
  ),
  page AS MATERIALIZED (
    SELECT d.cid, d.reached, k.customer_id
    FROM d JOIN customer_keys k ON k.workspace_id = ? AND k.ck = d.cid
    ORDER BY d.reached DESC, k.customer_id LIMIT ? OFFSET ?
  ),
  emails AS (
    SELECT coalesce(a.canonical_id, i.customer_id) AS customer_id, min(i.value) AS email
    FROM identities i LEFT JOIN customer_aliases a ON a.customer_id = i.customer_id
    WHERE i.workspace_id = ? AND i.kind = 'email'
      AND coalesce(a.canonical_id, i.customer_id) IN (SELECT customer_id FROM page)
    GROUP BY 1
  ),
  later AS (
    SELECT d.cid, t.tp, row_number() OVER (PARTITION BY d.cid ORDER BY t.ts, t.tp NULLS LAST) AS r
    FROM d JOIN ${table} t ON t.ck = d.cid
    WHERE t.ts > d.reached AND t.ts < ? AND (t.tp IS NOT NULL OR t.is_goal)`,
    p.workspaceId,
    p.limit,
    p.offset,
    p.workspaceId,
    micros(p.to),
  );
  if ('tp' in previous) q.add(' AND (t.tp IS NULL OR t.tp <> ?)', previous.tp);
  q.add(`
  ),
  nexts AS (
    SELECT CASE WHEN l.cid IS NULL THEN 'none' WHEN l.tp IS NULL THEN 'goal' ELSE 'touchpoint' END
        AS kind,
      CAST(l.tp AS INTEGER) AS tp, count(*) AS n
    FROM d LEFT JOIN later l ON l.cid = d.cid AND l.r = 1
    GROUP BY 1, 2
  )
  SELECT (SELECT count(*) FROM d) AS total,
    (SELECT list({'customer_id': page.customer_id,
        'label': coalesce(emails.email, json_extract_string(c.traits, '$.email'),
          json_extract_string(c.traits, '$.name'), page.customer_id),
        'reached': page.reached} ORDER BY page.reached DESC, page.customer_id)
      FROM page LEFT JOIN emails USING (customer_id)
        LEFT JOIN customers c ON c.id = page.customer_id
    ) AS items,
    (SELECT list({'kind': kind, 'tp': tp, 'n': n}) FROM nexts) AS next`);
  return q.build();
}

/** One page of a funnel step's dropped-off customers and where they went (docs/analytics.md). */
async function funnelDropOffDuckdb(
  db: DuckDatabase,
  p: FunnelDropOffParams,
): Promise<FunnelDropOffRows> {
  const table = await journeyEventsTable(db, p);
  const q = funnelDropOffSql(p, table);
  const [row] = await db.query<Row>(q.sql, q.params);
  return {
    total: row?.total ?? 0,
    items: (row?.items ?? []).map((r) => ({
      customerId: r.customer_id,
      label: r.label,
      reachedAt: r.reached,
    })),
    next: (row?.next ?? []).map((r) => ({ kind: r.kind, tp: r.tp, customers: r.n })),
  };
}

/** A funnel step's dropped-off customers, per engine. */
export const funnelDropOff: EngineVariants<
  (db: DuckDatabase, p: FunnelDropOffParams) => Promise<FunnelDropOffRows>
> = {
  duckdb: funnelDropOffDuckdb,
};
