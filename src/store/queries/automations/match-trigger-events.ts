import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { compileMatchRules } from '../rules.ts';
import { ALIAS_JOIN, CANONICAL_CUSTOMER, SqlBuilder } from '../touchpoint-detail/journey-scope.ts';

export interface MatchTriggerEventsParams {
  workspaceId: string;
  /** The window of event row ids to read, [fromRowid, toRowid). */
  fromRowid: number;
  toRowid: number;
  /** An event triggers when any rule matches it. */
  rules: readonly TMatchRule[];
}

/** An event that may start a run. */
export interface TriggerEventRow {
  rowid: number;
  messageId: string;
  /** The canonical customer. */
  customerId: string;
  event: string;
  timestamp: string;
  properties: Record<string, unknown>;
}

/**
 * The events of a window of row ids that match a trigger's rules, in load order. Events sent more
 * than a day after they happened (imports, backfills) are left out: an automation reacts to what
 * happens now, not to history loaded late.
 */
async function matchTriggerEventsDuckdb(
  db: DuckDatabase,
  p: MatchTriggerEventsParams,
): Promise<TriggerEventRow[]> {
  if (p.rules.length === 0 || p.toRowid <= p.fromRowid) return [];
  const q = new SqlBuilder()
    .add(
      `SELECT e.rowid AS rid, e.message_id, ${CANONICAL_CUSTOMER} AS cid, e.event, e.ts,
         e.properties::VARCHAR AS properties
       FROM events e ${ALIAS_JOIN}
       WHERE e.workspace_id = ? AND e.rowid >= ? AND e.rowid < ?
         AND e.received_at <= e.ts + INTERVAL 1 DAY AND `,
      p.workspaceId,
      p.fromRowid,
      p.toRowid,
    )
    .fragment(compileMatchRules(p.rules))
    .add(' ORDER BY e.rowid')
    .build();
  const rows = await db.query<{
    rid: number;
    message_id: string;
    cid: string;
    event: string;
    ts: string;
    properties: string | null;
  }>(q.sql, q.params);
  return rows.map((r) => ({
    rowid: r.rid,
    messageId: r.message_id,
    customerId: r.cid,
    event: r.event,
    timestamp: r.ts,
    properties: r.properties ? (JSON.parse(r.properties) as Record<string, unknown>) : {},
  }));
}

export const matchTriggerEvents: EngineVariants<
  (db: DuckDatabase, p: MatchTriggerEventsParams) => Promise<TriggerEventRow[]>
> = { duckdb: matchTriggerEventsDuckdb };
