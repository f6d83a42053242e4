import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { DuckDatabase } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';
import { compileMatchRules } from '../rules.ts';
import { ALIAS_JOIN, CANONICAL_CUSTOMER, SqlBuilder } from '../touchpoint-detail/journey-scope.ts';
import type { TriggerEventRow } from './match-trigger-events.ts';

export interface FindSilencesParams {
  workspaceId: string;
  /** The touchpoint reached (its rules). */
  touchRules: readonly TMatchRule[];
  /** What counts as a journey event: every touchpoint's rules of its journey… */
  journeyRules: readonly TMatchRule[];
  /** …and its goal event. */
  goalEvent: string | null;
  days: number;
  /** Only silences that were complete at or after this instant (when the automation was on). */
  completedFrom: Date;
  /** …and at or before now. */
  now: Date;
}

/**
 * Touches of a touchpoint that were followed by no journey event for `days` days: per touch, the
 * customer's next journey event (any touchpoint of the journey, or its goal) is absent or later
 * than `days` days after it. Each such touch is one silence, keyed by the touch's message id.
 */
async function findSilencesDuckdb(
  db: DuckDatabase,
  p: FindSilencesParams,
): Promise<TriggerEventRow[]> {
  if (p.touchRules.length === 0) return [];
  const journey = new SqlBuilder().fragment(compileMatchRules(p.journeyRules));
  if (p.goalEvent) journey.add(' OR e.event = ?', p.goalEvent);
  const dayMs = 86_400_000;
  const q = new SqlBuilder()
    .add(
      `WITH j AS (
         SELECT ${CANONICAL_CUSTOMER} AS cid, e.message_id, e.ts, e.event, e.rowid AS rid,
           e.properties::VARCHAR AS properties, `,
    )
    .fragment(compileMatchRules(p.touchRules))
    .add(
      ` AS is_touch
         FROM events e ${ALIAS_JOIN}
         WHERE e.workspace_id = ? AND (`,
      p.workspaceId,
    )
    .fragment(journey.build())
    .add(
      `)),
       s AS (SELECT *, lead(ts) OVER (PARTITION BY cid ORDER BY ts, message_id) AS next_ts FROM j)
       SELECT rid, message_id, cid, event, ts, properties FROM s
       WHERE is_touch AND ts >= ?::TIMESTAMP AND ts <= ?::TIMESTAMP
         AND (next_ts IS NULL OR next_ts > ts + to_days(?))
       ORDER BY ts, message_id`,
      new Date(p.completedFrom.getTime() - p.days * dayMs).toISOString(),
      new Date(p.now.getTime() - p.days * dayMs).toISOString(),
      p.days,
    )
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

export const findSilences: EngineVariants<
  (db: DuckDatabase, p: FindSilencesParams) => Promise<TriggerEventRow[]>
> = { duckdb: findSilencesDuckdb };
