import type { z } from 'zod';
import { newId } from '../../../core/ids.ts';
import type { DuckDatabase, DuckSession } from './database.ts';

/**
 * Workspace documents (personas, journeys, stages, touchpoints) share one storage shape: a row of
 * scoped columns plus the validated document as JSON. This keeps one CRUD implementation for all
 * of them; queries that need a field at scale have it as a column.
 */
export interface EntitySpec<T> {
  table: 'personas' | 'journeys' | 'stages' | 'touchpoints' | 'tasks' | 'surveys';
  prefix: string;
  schema: z.ZodType<T>;
  /** Extra scoped columns stored beside the JSON, read from the document. */
  columns: readonly string[];
  columnValues: (doc: T) => unknown[];
  orderBy: string;
  /** Whether the table has a `position` column: it, not the JSON copy, is the truth. */
  positioned?: boolean;
}

interface StoredRow {
  id: string;
  position: number | null;
  data: string;
  created_at: string;
  updated_at: string;
}

export class EntityRepo<T extends { id: string }> {
  constructor(
    private readonly db: DuckDatabase,
    private readonly spec: EntitySpec<T>,
  ) {}

  private toDoc(r: StoredRow): T {
    const data = JSON.parse(r.data) as Record<string, unknown>;
    const fields: Record<string, unknown> = {
      ...data,
      id: r.id,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
    };
    if (r.position !== null) fields.position = r.position;
    return this.spec.schema.parse(fields);
  }

  async list(workspaceId: string, where = '', params: unknown[] = []): Promise<T[]> {
    const rows = await this.db.query<StoredRow>(
      `SELECT ${this.selectList()} FROM ${this.spec.table} WHERE workspace_id = ? ${where} ORDER BY ${this.spec.orderBy}`,
      [workspaceId, ...params],
    );
    return rows.map((r) => this.toDoc(r));
  }

  async get(workspaceId: string, id: string, s?: DuckSession): Promise<T | undefined> {
    const sql = `SELECT ${this.selectList()} FROM ${this.spec.table} WHERE workspace_id = ? AND id = ?`;
    const rows = s
      ? await s.query<StoredRow>(sql, [workspaceId, id])
      : await this.db.query<StoredRow>(sql, [workspaceId, id]);
    return rows[0] ? this.toDoc(rows[0]) : undefined;
  }

  /** Validates and inserts a document; `fields` must hold everything but id and timestamps. */
  async insert(s: DuckSession, workspaceId: string, fields: Record<string, unknown>): Promise<T> {
    const now = new Date().toISOString();
    const doc = this.spec.schema.parse({
      ...fields,
      id: newId(this.spec.prefix),
      createdAt: now,
      updatedAt: now,
    });
    const cols = ['id', 'workspace_id', ...this.spec.columns, 'data', 'created_at', 'updated_at'];
    await s.run(
      `INSERT INTO ${this.spec.table} (${cols.join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
      [doc.id, workspaceId, ...this.spec.columnValues(doc), this.serialize(doc), now, now],
    );
    return doc;
  }

  /** Replaces a stored document with a validated new version. */
  async replace(s: DuckSession, workspaceId: string, doc: T): Promise<T> {
    const now = new Date().toISOString();
    const next = this.spec.schema.parse({ ...doc, updatedAt: now });
    const sets = this.spec.columns.map((c) => `${c} = ?`);
    await s.run(
      `UPDATE ${this.spec.table} SET ${[...sets, 'data = ?', 'updated_at = ?'].join(', ')} WHERE workspace_id = ? AND id = ?`,
      [...this.spec.columnValues(next), this.serialize(next), now, workspaceId, doc.id],
    );
    return next;
  }

  async delete(s: DuckSession, workspaceId: string, id: string): Promise<boolean> {
    const rows = await s.query<{ id: string }>(
      `DELETE FROM ${this.spec.table} WHERE workspace_id = ? AND id = ? RETURNING id`,
      [workspaceId, id],
    );
    return rows.length > 0;
  }

  private selectList() {
    return `id, ${this.spec.positioned ? 'position' : 'NULL AS position'}, data, created_at, updated_at`;
  }

  private serialize(doc: T): string {
    const {
      id: _id,
      createdAt: _c,
      updatedAt: _u,
      ...rest
    } = doc as T & {
      createdAt?: string;
      updatedAt?: string;
    };
    return JSON.stringify(rest);
  }
}
