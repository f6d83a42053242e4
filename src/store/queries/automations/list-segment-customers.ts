import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { compileSegmentRule } from '../rules.ts';
import { SqlBuilder } from '../touchpoint-detail/journey-scope.ts';

/**
 * The canonical customers of a workspace whose traits now meet a segment rule (every customer
 * when the rule is null), by id.
 */
async function listSegmentCustomersDuckdb(
  db: DuckDatabase,
  p: { workspaceId: string; segment: TSegmentRule | null },
): Promise<string[]> {
  const q = new SqlBuilder()
    .add(
      `SELECT c.id FROM customers c
       WHERE c.workspace_id = ? AND c.id NOT IN (SELECT customer_id FROM customer_aliases) AND `,
      p.workspaceId,
    )
    .fragment(p.segment ? compileSegmentRule(p.segment) : { sql: 'true', params: [] })
    .add(' ORDER BY c.id')
    .build();
  const rows = await db.query<{ id: string }>(q.sql, q.params);
  return rows.map((r) => r.id);
}

export const listSegmentCustomers: EngineVariants<
  (db: DuckDatabase, p: { workspaceId: string; segment: TSegmentRule | null }) => Promise<string[]>
> = { duckdb: listSegmentCustomersDuckdb };
