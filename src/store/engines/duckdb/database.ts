import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type DuckDBConnection,
  DuckDBInstance,
  type DuckDBPreparedStatement,
  type DuckDBValue,
} from '@duckdb/node-api';
import { DUCKDB_MIGRATIONS } from './migrations.ts';

export type Row = Record<string, unknown>;

/** Converts a value read from DuckDB to plain JSON: bigints to numbers, dates to ISO strings. */
function toPlain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, k, { value: toPlain(v), enumerable: true, writable: true });
    }
    return out;
  }
  return value;
}

function bindAll(stmt: DuckDBPreparedStatement, params: readonly unknown[]) {
  params.forEach((value, i) => {
    const index = i + 1;
    if (value === null || value === undefined) stmt.bindNull(index);
    else if (typeof value === 'string') stmt.bindVarchar(index, value);
    else if (typeof value === 'number') {
      if (Number.isInteger(value) && Math.abs(value) < 2 ** 31) stmt.bindInteger(index, value);
      else stmt.bindDouble(index, value);
    } else if (typeof value === 'boolean') stmt.bindBoolean(index, value);
    else if (typeof value === 'bigint') stmt.bindBigInt(index, value);
    else if (value instanceof Date) stmt.bindVarchar(index, value.toISOString());
    else if (Array.isArray(value) && value.every((v) => typeof v === 'string'))
      stmt.bindList(index, value as DuckDBValue[]);
    else stmt.bindVarchar(index, JSON.stringify(value));
  });
}

/**
 * A handle on one DuckDB connection. Statements are prepared, bound and closed in `finally`;
 * values only ever travel as bound parameters.
 */
export class DuckSession {
  constructor(readonly connection: DuckDBConnection) {}

  /** Runs a statement and returns its rows as plain JSON-ready objects. */
  async query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    if (params.length === 0) {
      const reader = await this.connection.runAndReadAll(sql);
      return reader.getRowObjectsJS().map((r) => toPlain(r) as T);
    }
    const stmt = await this.connection.prepare(sql);
    try {
      bindAll(stmt, params);
      const reader = await stmt.runAndReadAll();
      return reader.getRowObjectsJS().map((r) => toPlain(r) as T);
    } finally {
      stmt.destroySync();
    }
  }

  /**
   * Runs a statement and returns its columns by name, as arrays of JS values (BIGINT comes as
   * bigint: cast in SQL what should be a number). For results of many rows: building one object
   * per row costs several times more than reading the columns (150 ms against 45 for 20,000 rows).
   */
  async queryColumns(
    sql: string,
    params: readonly unknown[] = [],
  ): Promise<Record<string, unknown[]>> {
    const stmt = await this.connection.prepare(sql);
    try {
      bindAll(stmt, params);
      const reader = await stmt.runAndReadAll();
      return reader.getColumnsObjectJS() as Record<string, unknown[]>;
    } finally {
      stmt.destroySync();
    }
  }

  async run(sql: string, params: readonly unknown[] = []): Promise<void> {
    if (params.length === 0) {
      await this.connection.run(sql);
      return;
    }
    const stmt = await this.connection.prepare(sql);
    try {
      bindAll(stmt, params);
      await stmt.run();
    } finally {
      stmt.destroySync();
    }
  }

  /** Runs `fn` in one transaction: committed if it resolves, rolled back if it throws. */
  async transaction<T>(fn: (s: DuckSession) => Promise<T>): Promise<T> {
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await fn(this);
      await this.connection.run('COMMIT');
      return result;
    } catch (err) {
      await this.connection.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}

/**
 * The process's one DuckDB instance. Connections are short-lived: each unit of work opens one
 * and closes it, so that concurrent requests don't share transaction state.
 */
export class DuckDatabase {
  private constructor(
    readonly instance: DuckDBInstance,
    readonly file: string,
  ) {}

  static async open(file: string, options: { threads?: number } = {}): Promise<DuckDatabase> {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    let instance: DuckDBInstance;
    try {
      // DuckDB checkpoints the WAL into the file every 16 MB by default: every ~20,000 events,
      // 250-500 ms each, stalling ingestion. A larger threshold trades a longer WAL replay after
      // a crash for steadier writes (docs/benchmarks.md: +30% batched throughput, p99 halved).
      const opts: Record<string, string> = { checkpoint_threshold: '1GB' };
      if (options.threads) opts.threads = String(options.threads);
      instance = await DuckDBInstance.create(file, opts);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/lock/i.test(message)) {
        throw new DatabaseLockedError(file, message);
      }
      throw err;
    }
    const db = new DuckDatabase(instance, file);
    await db.migrate();
    return db;
  }

  async with<T>(fn: (s: DuckSession) => Promise<T>): Promise<T> {
    const connection = await this.instance.connect();
    try {
      return await fn(new DuckSession(connection));
    } finally {
      connection.closeSync();
    }
  }

  /**
   * A connection that stays open until the caller closes it, for a worker that runs one
   * transaction after another (closing a connection is synchronous and stalls the event loop).
   */
  async session(): Promise<DuckSession> {
    return new DuckSession(await this.instance.connect());
  }

  query<T = Row>(sql: string, params: readonly unknown[] = []): Promise<T[]> {
    return this.with((s) => s.query<T>(sql, params));
  }

  run(sql: string, params: readonly unknown[] = []): Promise<void> {
    return this.with((s) => s.run(sql, params));
  }

  transaction<T>(fn: (s: DuckSession) => Promise<T>): Promise<T> {
    return this.with((s) => s.transaction(fn));
  }

  /** Applies every migration newer than the file's version, each in its own transaction. */
  async migrate(): Promise<number[]> {
    return this.with(async (s) => {
      await s.run(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
      );
      const done = new Set(
        (await s.query<{ version: number }>('SELECT version FROM schema_migrations')).map(
          (r) => r.version,
        ),
      );
      const applied: number[] = [];
      for (const m of DUCKDB_MIGRATIONS) {
        if (done.has(m.version)) continue;
        await s.transaction(async (t) => {
          await t.run(m.sql);
          await t.run('INSERT INTO schema_migrations VALUES (?, ?, now())', [m.version, m.name]);
        });
        applied.push(m.version);
      }
      return applied;
    });
  }

  close(): void {
    this.instance.closeSync();
  }
}

/** Another process holds the database file (DuckDB allows one writer process). */
export class DatabaseLockedError extends Error {
  constructor(
    readonly file: string,
    cause: string,
  ) {
    super(
      `the database ${file} is in use by another process (is \`waymark serve\` running on this data directory?): ${cause}`,
    );
    this.name = 'DatabaseLockedError';
  }
}
