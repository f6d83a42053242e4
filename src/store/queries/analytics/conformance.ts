import type { TSequenceCount } from '../../../core/conformance/summarize-conformance.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { DuckDatabase, DuckSession } from '../../engines/duckdb/database.ts';
import { refreshJourneyEvents } from '../../engines/duckdb/journey-events.ts';
import type { EngineVariants } from '../../port.ts';
import { quoteIdentifier } from '../../sql.ts';
import type { SequenceShape } from '../metrics/sequence-journey-events.ts';
import {
  decodeIndexes,
  INDEX_CHAR_BASE,
  MAX_INDEXES,
  NumberedParams,
  personaKeysSql,
} from './persona-keys.ts';

export interface SequenceScope {
  workspaceId: string;
  journeyId: string;
  /** The journey's shape, to bring its materialized events up to date (journey-events.ts). */
  shape: SequenceShape;
  from: Date;
  to: Date;
}

export interface ConformanceParams extends SequenceScope {
  /** The requested persona's rule, or null for every customer. */
  segment: TSegmentRule | null;
  /** Every persona of the workspace, for the comparison by persona (range only). */
  personas: ReadonlyArray<{ id: string; segment: TSegmentRule }>;
}

export interface ConformanceRows {
  sequences: TSequenceCount[];
  personas: Map<string, TSequenceCount[]>;
}

/** The connection's temporary table of each customer's sequence in the range. */
export const SEQUENCES_TABLE = quoteIdentifier('conformance_sequences');

const micros = (d: Date) => BigInt(d.getTime()) * 1000n;

/**
 * Fills SEQUENCES_TABLE (`ck`, `seq`) from a journey's materialized events: per customer with a
 * touch in [from, to), the touchpoints they met in journey order (time, then map order at one
 * instant), runs of the same touchpoint merged, as text (persona-keys.ts, one character per
 * touchpoint index).
 *
 * DuckDB sorts each customer's touches as a list: an ordered aggregate (`string_agg(… ORDER BY
 * ts, tp)`) sorts group by group and runs 4-5 times slower here. In PostgreSQL the same is
 * `string_agg(chr(48 + tp), '' ORDER BY ts, tp)` over the touches whose `lag(tp)` differs.
 */
function sequencesSql(table: string, scope: SequenceScope) {
  const params = new NumberedParams();
  const sql = `CREATE OR REPLACE TEMP TABLE ${SEQUENCES_TABLE} AS
    SELECT ck, list_aggr(list_transform(list_filter(l, (x, i) -> i = 1 OR x <> l[i - 1]),
        x -> chr(${INDEX_CHAR_BASE} + x)), 'string_agg', '') AS seq
    FROM (
      SELECT ck, list_transform(list_sort(list({'ts': ts, 'tp': tp})), e -> e.tp) AS l
      FROM ${table}
      WHERE tp IS NOT NULL AND ts >= ${params.add(micros(scope.from))}
        AND ts < ${params.add(micros(scope.to))}
      GROUP BY ck
    )`;
  return { sql, params: params.values };
}

/**
 * Brings the journey's events up to date, fills SEQUENCES_TABLE on a connection of its own and
 * runs `fn` on that connection, in one transaction (one snapshot).
 */
export async function withCustomerSequences<T>(
  db: DuckDatabase,
  scope: SequenceScope,
  fn: (s: DuckSession) => Promise<T>,
): Promise<T> {
  if (scope.shape.touchpoints.length > MAX_INDEXES) {
    throw new Error(`too many touchpoints to encode: ${scope.shape.touchpoints.length}`);
  }
  const { table } = await refreshJourneyEvents(db, {
    workspaceId: scope.workspaceId,
    journeyId: scope.journeyId,
    shape: scope.shape,
  });
  return db.transaction(async (s) => {
    const q = sequencesSql(table, scope);
    // The table dies with the connection, which `transaction` closes.
    await s.run(q.sql, q.params);
    return fn(s);
  });
}

/** The distinct sequences of SEQUENCES_TABLE with their customers, for a persona or everyone. */
export async function countSequences(
  s: DuckSession,
  workspaceId: string,
  segment: TSegmentRule | null,
): Promise<TSequenceCount[]> {
  const params = new NumberedParams();
  const where = segment ? `WHERE ck IN (${personaKeysSql(params, workspaceId, segment)})` : '';
  const cols = await s.queryColumns(
    `SELECT seq, count(*)::INTEGER AS customers FROM ${SEQUENCES_TABLE} ${where} GROUP BY seq`,
    params.values,
  );
  const seqs = cols.seq as string[];
  const customers = cols.customers as number[];
  return seqs.map((seq, i) => ({ sequence: decodeIndexes(seq), customers: customers[i]! }));
}

/**
 * The distinct touchpoint sequences of a journey's customers in the range, with how many
 * customers took each: for the customers in scope (the persona's, or everyone), and for every
 * persona of the workspace. Scoring happens in src/core/conformance, over distinct sequences.
 */
async function conformanceDuckdb(db: DuckDatabase, p: ConformanceParams): Promise<ConformanceRows> {
  return withCustomerSequences(db, p, async (s) => {
    const sequences = await countSequences(s, p.workspaceId, p.segment);
    const personas = new Map<string, TSequenceCount[]>();
    for (const persona of p.personas) {
      personas.set(persona.id, await countSequences(s, p.workspaceId, persona.segment));
    }
    return { sequences, personas };
  });
}

/** Distinct touchpoint sequences per engine. */
export const conformance: EngineVariants<
  (db: DuckDatabase, p: ConformanceParams) => Promise<ConformanceRows>
> = {
  duckdb: conformanceDuckdb,
};
