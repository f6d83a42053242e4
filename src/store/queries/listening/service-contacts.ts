import { SURVEY_RESPONDED } from '../../../core/surveys/response-event.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { compileTouchpointCase } from '../rules.ts';
import {
  ALIAS_JOIN,
  CANONICAL_CUSTOMER,
  type JourneyScope,
  SqlBuilder,
  scopeCondition,
} from '../touchpoint-detail/journey-scope.ts';

/** One customer message at a service touchpoint, with its stored contact reason (if any). */
export interface ServiceContactRow {
  customerId: string;
  /** Epoch milliseconds. */
  at: number;
  /** The touchpoint's index in map order. */
  tp: number;
  text: string;
  /** Null when the workspace has no model (or the text was not classified yet). */
  reason: string | null;
  confidence: number | null;
}

export interface ServiceContactsParams extends JourneyScope {
  /** Indexes (map order) of the touchpoints whose texts count. */
  indexes: readonly number[];
  /** The most recent this many (a bound on memory); the caller reports when it is reached. */
  limit: number;
}

/**
 * The texts customers sent at the given touchpoints in scope, latest first. Survey answers are
 * left out: a comment in a survey is feedback the company asked for, not a contact.
 */
async function serviceContactsDuckdb(
  db: DuckDatabase,
  p: ServiceContactsParams,
): Promise<ServiceContactRow[]> {
  if (p.indexes.length === 0) return [];
  const tpCase = compileTouchpointCase(p.touchpoints.map((t) => t.matchRules));
  // Indexes come from code (positions in the map), never from input: safe to write out.
  const wanted = p.indexes.map((i) => Math.trunc(i)).join(', ');
  const q = new SqlBuilder()
    .add(`SELECT x.cid, epoch_ms(x.ts) AS at, x.tp, x.text, r.reason, r.confidence FROM (
      SELECT ${CANONICAL_CUSTOMER} AS cid, e.ts, e.dedup_key, e.message_id, e.text, `)
    .fragment(tpCase)
    .add(` AS tp FROM events e ${ALIAS_JOIN} WHERE `)
    .fragment(scopeCondition(p))
    .add(" AND e.text IS NOT NULL AND trim(e.text) <> '' AND e.event <> ?", SURVEY_RESPONDED)
    .add(
      `) x
    LEFT JOIN text_contact_reasons r ON r.event_key = x.dedup_key
    WHERE x.tp IN (${wanted})
    ORDER BY x.ts DESC, x.message_id LIMIT ?`,
      p.limit,
    )
    .build();
  const rows = await db.query<{
    cid: string;
    at: number;
    tp: number;
    text: string;
    reason: string | null;
    confidence: number | null;
  }>(q.sql, q.params);
  return rows.map((r) => ({
    customerId: r.cid,
    at: r.at,
    tp: r.tp,
    text: r.text,
    reason: r.reason,
    confidence: r.confidence,
  }));
}

/** Customer messages at service touchpoints, per engine. */
export const serviceContacts: EngineVariants<
  (db: DuckDatabase, p: ServiceContactsParams) => Promise<ServiceContactRow[]>
> = { duckdb: serviceContactsDuckdb };
