import { pageOfRanked, rankSequences } from '../../../core/conformance/rank-sequences.ts';
import type { TDesignedOrder } from '../../../core/conformance/score-sequence.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import {
  countSequences,
  SEQUENCES_TABLE,
  type SequenceScope,
  withCustomerSequences,
} from './conformance.ts';
import { decodeIndexes, encodeIndexes, NumberedParams, personaKeysSql } from './persona-keys.ts';

export interface ConformanceCustomersParams extends SequenceScope {
  segment: TSegmentRule | null;
  /** The stage index of each touchpoint in map order: what fitness is scored against. */
  order: TDesignedOrder;
  /** `asc`: worst fitness first. */
  direction: 'asc' | 'desc';
  limit: number;
  offset: number;
}

export interface ConformanceCustomerRow {
  customerId: string;
  label: string;
  /** Touchpoint indexes in map order, as met, repeats merged. */
  sequence: number[];
}

/**
 * One page of a journey's customers in the range, ranked by the fitness of their sequence. The
 * distinct sequences are counted and ranked first (src/core/conformance/rank-sequences.ts);
 * only the customers of the sequences that overlap the page are then read, in rank order, then
 * by customer key. `label`: the email trait, else the name trait, else the customer id.
 */
async function conformanceCustomersDuckdb(
  db: DuckDatabase,
  p: ConformanceCustomersParams,
): Promise<{ total: number; rows: ConformanceCustomerRow[] }> {
  return withCustomerSequences(db, p, async (s) => {
    const ranked = rankSequences(
      await countSequences(s, p.workspaceId, p.segment),
      p.order,
      p.direction,
    );
    const page = pageOfRanked(ranked, p.offset, p.limit);
    if (page.ranks.length === 0 || p.limit === 0) return { total: page.total, rows: [] };
    const params = new NumberedParams();
    const seqs = params.add(page.ranks.map((r) => encodeIndexes(ranked[r]!.sequence)));
    const persona = p.segment
      ? `AND s.ck IN (${personaKeysSql(params, p.workspaceId, p.segment)})`
      : '';
    const rows = await s.query<{ customer_id: string; label: string; seq: string }>(
      `WITH page AS (
         SELECT unnest(l) AS seq, unnest(range(len(l))) AS rank FROM (SELECT ${seqs}::VARCHAR[] AS l)
       )
       SELECT k.customer_id, coalesce(nullif(json_extract_string(c.traits, '$.email'), ''),
           nullif(json_extract_string(c.traits, '$.name'), ''), k.customer_id) AS label, s.seq
       FROM ${SEQUENCES_TABLE} s JOIN page USING (seq)
       JOIN customer_keys k ON k.workspace_id = ${params.add(p.workspaceId)} AND k.ck = s.ck
       LEFT JOIN customers c ON c.id = k.customer_id
       WHERE true ${persona}
       ORDER BY page.rank, s.ck
       LIMIT ${params.add(p.limit)} OFFSET ${params.add(page.skip)}`,
      params.values,
    );
    return {
      total: page.total,
      rows: rows.map((r) => ({
        customerId: r.customer_id,
        label: r.label,
        sequence: decodeIndexes(r.seq),
      })),
    };
  });
}

/** A page of customers ranked by conformance, per engine. */
export const conformanceCustomers: EngineVariants<
  (
    db: DuckDatabase,
    p: ConformanceCustomersParams,
  ) => Promise<{ total: number; rows: ConformanceCustomerRow[] }>
> = {
  duckdb: conformanceCustomersDuckdb,
};
