import type { TIdentityKind } from '../../../core/schemas/customer.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';

/** Who to look for: a customer id (maybe merged away since), or one of their identities. */
export type CustomerRef = { customerId: string } | { kind: TIdentityKind; value: string };

/**
 * The canonical id of an existing customer of the workspace: a merged-away id resolves to the
 * customer it was merged into; an identity resolves to its owner (emails compared lower-cased,
 * as identities store them). Undefined when there is no such customer.
 */
async function findCustomerDuckdb(
  db: DuckDatabase,
  workspaceId: string,
  ref: CustomerRef,
): Promise<string | undefined> {
  const rows =
    'customerId' in ref
      ? await db.query<{ id: string }>(
          `SELECT coalesce(a.canonical_id, c.id) AS id FROM customers c
           LEFT JOIN customer_aliases a ON a.customer_id = c.id
           WHERE c.workspace_id = ? AND c.id = ?`,
          [workspaceId, ref.customerId],
        )
      : await db.query<{ id: string }>(
          `SELECT coalesce(a.canonical_id, i.customer_id) AS id FROM identities i
           LEFT JOIN customer_aliases a ON a.customer_id = i.customer_id
           WHERE i.workspace_id = ? AND i.kind = ? AND i.value = ?`,
          [
            workspaceId,
            ref.kind,
            ref.kind === 'email' ? ref.value.trim().toLowerCase() : ref.value,
          ],
        );
  return rows[0]?.id;
}

/** Finds a customer by id or identity, per engine. */
export const findCustomer: EngineVariants<
  (db: DuckDatabase, workspaceId: string, ref: CustomerRef) => Promise<string | undefined>
> = { duckdb: findCustomerDuckdb };
