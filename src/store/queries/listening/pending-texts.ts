import type { DuckSession } from '../../engines/duckdb/database.ts';
import type { EngineVariants } from '../../port.ts';

/** An event text waiting for analysis. `key` is the event's dedup key as text (128 bits). */
export interface PendingText {
  rowid: number;
  key: string;
  workspaceId: string;
  text: string;
}

export interface PendingTextsParams {
  /** Events with start <= rowid < end. */
  start: number;
  end: number;
  limit: number;
  /** Only this workspace's events (a workspace's contact reasons); default: every workspace. */
  workspaceId?: string;
}

/**
 * The next texts to analyse in rowid order: events with a non-blank text in [start, end). The
 * key is read as text because it is a 128-bit integer, beyond what a JS number holds.
 */
async function pendingTextsDuckdb(s: DuckSession, p: PendingTextsParams): Promise<PendingText[]> {
  const params: unknown[] = [BigInt(p.start), BigInt(p.end)];
  let where = '';
  if (p.workspaceId) {
    where = 'AND workspace_id = ?';
    params.push(p.workspaceId);
  }
  params.push(p.limit);
  const rows = await s.query<{ rid: number; k: string; workspace_id: string; text: string }>(
    `SELECT rowid::BIGINT AS rid, dedup_key::VARCHAR AS k, workspace_id, text FROM events
     WHERE rowid >= ? AND rowid < ? AND text IS NOT NULL AND trim(text) <> '' ${where}
     ORDER BY rowid LIMIT ?`,
    params,
  );
  return rows.map((r) => ({ rowid: r.rid, key: r.k, workspaceId: r.workspace_id, text: r.text }));
}

/** The next event texts to analyse, per engine. */
export const pendingTexts: EngineVariants<
  (s: DuckSession, p: PendingTextsParams) => Promise<PendingText[]>
> = { duckdb: pendingTextsDuckdb };
