import { unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newId } from '../../../core/ids.ts';
import { identityKey, resolveIdentities } from '../../../ingest/identity.ts';
import type { IncomingEvent, InsertResult } from '../../port.ts';
import type { DuckDatabase, DuckSession } from './database.ts';

/** The columns read_json is told about: every staged event is one NDJSON line of these. */
const STAGE_COLUMNS = {
  workspace_id: 'VARCHAR',
  message_id: 'VARCHAR',
  type: 'VARCHAR',
  event: 'VARCHAR',
  customer_id: 'VARCHAR',
  user_id: 'VARCHAR',
  anonymous_id: 'VARCHAR',
  ts: 'BIGINT',
  received_at: 'BIGINT',
  path: 'VARCHAR',
  url: 'VARCHAR',
  referrer: 'VARCHAR',
  utm_source: 'VARCHAR',
  utm_medium: 'VARCHAR',
  utm_campaign: 'VARCHAR',
  channel: 'VARCHAR',
  text: 'VARCHAR',
  value: 'DOUBLE',
  properties: 'JSON',
  context: 'JSON',
} as const;
const STRUCT = `{${Object.entries(STAGE_COLUMNS)
  .map(([k, v]) => `${k}: '${v}'`)
  .join(', ')}}`;

let stageCounter = 0;

/**
 * Writes events with identity resolution. Holds caches of identities and merges that only this
 * process writes (DuckDB admits one writing process), updated after each commit succeeds.
 */
export class EventWriter {
  private readonly identities = new Map<string, string>();
  private readonly aliases = new Map<string, string>();
  private aliasesLoaded = false;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly stageDir: string;

  constructor(private readonly db: DuckDatabase) {
    this.stageDir = db.file === ':memory:' ? os.tmpdir() : path.dirname(db.file);
  }

  /** Inserts events in one transaction; calls are serialized so caches stay consistent. */
  insert(events: readonly IncomingEvent[]): Promise<InsertResult> {
    const run = this.chain.then(() => this.insertNow(events));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `fn` between two writes, so that it never interleaves with identity resolution, then
   * forgets cached merges (used to undo a merge).
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.chain.then(async () => {
      try {
        return await fn();
      } finally {
        this.aliases.clear();
        this.aliasesLoaded = false;
      }
    });
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async loadAliases(s: DuckSession) {
    if (this.aliasesLoaded) return;
    const rows = await s.query<{ customer_id: string; canonical_id: string }>(
      'SELECT customer_id, canonical_id FROM customer_aliases',
    );
    for (const r of rows) this.aliases.set(r.customer_id, r.canonical_id);
    this.aliasesLoaded = true;
  }

  private async insertNow(all: readonly IncomingEvent[]): Promise<InsertResult> {
    if (all.length === 0) return { inserted: 0, duplicates: 0 };
    // A message id sent twice in one flush keeps its first copy; the index drops later resends.
    const seenIds = new Set<string>();
    const events = all.filter((e) => {
      const k = `${e.workspaceId}\u0000${e.event.messageId}`;
      if (seenIds.has(k)) return false;
      seenIds.add(k);
      return true;
    });
    const file = path.join(this.stageDir, `.ingest-${process.pid}-${++stageCounter}.ndjson`);
    const newIdentities: Array<[string, string]> = [];
    const newAliases: Array<[string, string]> = [];
    try {
      const result = await this.db.transaction(async (s) => {
        await this.loadAliases(s);
        const fresh = await this.withoutStoredIdentityEvents(s, events);
        const byWorkspace = new Map<string, IncomingEvent[]>();
        for (const e of fresh) {
          const list = byWorkspace.get(e.workspaceId);
          if (list) list.push(e);
          else byWorkspace.set(e.workspaceId, [e]);
        }
        const lines: string[] = [];
        const now = new Date().toISOString();
        for (const [workspaceId, list] of byWorkspace) {
          await this.preloadIdentities(s, workspaceId, list);
          const localAliases = new Map<string, string>();
          const res = resolveIdentities({
            workspaceId,
            events: list.map((e) => e.event),
            lookup: (k) => this.identities.get(k),
            canonical: (id) => localAliases.get(id) ?? this.aliases.get(id) ?? id,
            newCustomerId: () => newId('cus'),
          });
          if (res.newCustomers.length > 0) {
            await s.run(
              `INSERT INTO customers (id, workspace_id, traits, created_at, updated_at)
               SELECT unnest(?::VARCHAR[]), ?, '{}', ?, ?`,
              [res.newCustomers, workspaceId, now, now],
            );
          }
          if (res.newIdentities.length > 0) {
            const ids = res.newIdentities;
            await s.run(
              `INSERT INTO identities (workspace_id, kind, value, customer_id, created_at)
               SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?
               ON CONFLICT DO NOTHING`,
              [
                workspaceId,
                ids.map((i) => i.kind),
                ids.map((i) => i.value),
                ids.map((i) => i.customerId),
                now,
              ],
            );
            for (const i of ids) {
              newIdentities.push([identityKey(workspaceId, i.kind, i.value), i.customerId]);
            }
          }
          for (const m of res.merges) {
            await this.recordMerge(
              s,
              workspaceId,
              m.from,
              m.into,
              m.reason,
              now,
              localAliases,
              newAliases,
            );
          }
          await this.mergeTraits(s, workspaceId, list, res.customerIds, localAliases, now);
          for (let i = 0; i < list.length; i++) {
            // Serializing a large flush is the writer's only long stretch of JavaScript: give the
            // event loop a turn every few thousand events so requests keep flowing meanwhile.
            if (i > 0 && i % 2000 === 0) await new Promise<void>((r) => setImmediate(r));
            const ev = list[i]!.event;
            lines.push(
              JSON.stringify({
                workspace_id: workspaceId,
                message_id: ev.messageId,
                type: ev.type,
                event: ev.event,
                customer_id: res.customerIds[i],
                user_id: ev.userId,
                anonymous_id: ev.anonymousId,
                ts: ev.timestamp,
                received_at: ev.receivedAt,
                path: ev.path,
                url: ev.url,
                referrer: ev.referrer,
                utm_source: ev.utmSource,
                utm_medium: ev.utmMedium,
                utm_campaign: ev.utmCampaign,
                channel: ev.channel,
                text: ev.text,
                value: ev.value,
                properties: ev.properties,
                context: ev.context,
              }),
            );
          }
        }
        await writeFile(file, lines.join('\n'));
        // The staged file is only a transport: the events are durable once COMMIT returns.
        const rows = await s.query<{ n: number }>(
          `INSERT OR IGNORE INTO events
           SELECT md5_number(workspace_id || chr(10) || message_id), workspace_id, message_id, type,
             event, customer_id, user_id, anonymous_id, make_timestamp(ts * 1000),
             make_timestamp(received_at * 1000), path, url, referrer, utm_source, utm_medium,
             utm_campaign, channel, text, value, properties, context
           FROM read_json(?, format = 'newline_delimited', columns = ${STRUCT})
           RETURNING 1 AS n`,
          [file],
        );
        return { inserted: rows.length, duplicates: all.length - rows.length };
      });
      for (const [k, v] of newIdentities) this.identities.set(k, v);
      for (const [k, v] of newAliases) this.aliases.set(k, v);
      if (this.identities.size > 2_000_000) this.identities.clear();
      return result;
    } finally {
      await unlink(file).catch(() => undefined);
    }
  }

  /**
   * Drops identify and alias events that are already stored: a resent identify must not apply
   * its (possibly stale) traits again. Other resent events are dropped by the index on insert;
   * only these few need the look-up, as point queries on that index.
   */
  private async withoutStoredIdentityEvents(s: DuckSession, events: readonly IncomingEvent[]) {
    const linking = events.filter((e) => e.event.type === 'identify' || e.event.type === 'alias');
    if (linking.length === 0) return events;
    const stored = new Set<string>();
    for (let i = 0; i < linking.length; i += 500) {
      const part = linking.slice(i, i + 500);
      const rows = await s.query<{ workspace_id: string; message_id: string }>(
        `SELECT workspace_id, message_id FROM events
         WHERE dedup_key IN (${part.map(() => 'md5_number(? || chr(10) || ?)').join(', ')})`,
        part.flatMap((e) => [e.workspaceId, e.event.messageId]),
      );
      for (const r of rows) stored.add(`${r.workspace_id}\u0000${r.message_id}`);
    }
    if (stored.size === 0) return events;
    return events.filter((e) => !stored.has(`${e.workspaceId}\u0000${e.event.messageId}`));
  }

  /** Loads the identities of a batch that the cache does not know yet, in one query. */
  private async preloadIdentities(s: DuckSession, workspaceId: string, list: IncomingEvent[]) {
    const wanted = new Set<string>();
    for (const { event: e } of list) {
      const values = [e.userId, e.anonymousId, e.previousId, e.email?.trim().toLowerCase()];
      for (const v of values) {
        if (!v) continue;
        for (const kind of ['user_id', 'anonymous_id', 'email'] as const) {
          if (!this.identities.has(identityKey(workspaceId, kind, v))) wanted.add(v);
        }
      }
    }
    if (wanted.size === 0) return;
    const rows = await s.query<{
      kind: 'user_id' | 'anonymous_id' | 'email';
      value: string;
      customer_id: string;
    }>(
      'SELECT kind, value, customer_id FROM identities WHERE workspace_id = ? AND value IN (SELECT unnest(?::VARCHAR[]))',
      [workspaceId, [...wanted]],
    );
    for (const r of rows)
      this.identities.set(identityKey(workspaceId, r.kind, r.value), r.customer_id);
  }

  private async recordMerge(
    s: DuckSession,
    workspaceId: string,
    from: string,
    into: string,
    reason: string,
    now: string,
    localAliases: Map<string, string>,
    newAliases: Array<[string, string]>,
  ) {
    await s.run(
      'INSERT INTO customer_merges (id, workspace_id, from_customer_id, into_customer_id, reason, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      [newId('mrg'), workspaceId, from, into, reason, now],
    );
    // Everything that resolved to `from` now resolves to `into`.
    const members = [
      from,
      ...[...this.aliases, ...localAliases].filter(([, c]) => c === from).map(([k]) => k),
    ];
    for (const m of members) {
      await s.run(
        'INSERT INTO customer_aliases (workspace_id, customer_id, canonical_id) VALUES (?, ?, ?) ON CONFLICT (customer_id) DO UPDATE SET canonical_id = excluded.canonical_id',
        [workspaceId, m, into],
      );
      localAliases.set(m, into);
      newAliases.push([m, into]);
    }
    // The survivor inherits the traits it lacks; its own values win.
    await s.run(
      `UPDATE customers SET traits = json_merge_patch((SELECT traits FROM customers WHERE id = ?), traits), updated_at = ?
       WHERE id = ? AND workspace_id = ?`,
      [from, now, into, workspaceId],
    );
  }

  /** Applies identify (and group) traits to the canonical customer: later values win. */
  private async mergeTraits(
    s: DuckSession,
    workspaceId: string,
    list: IncomingEvent[],
    customerIds: string[],
    localAliases: Map<string, string>,
    now: string,
  ) {
    const patches = new Map<string, Record<string, unknown>>();
    list.forEach(({ event: e }, i) => {
      if (e.type !== 'identify' || Object.keys(e.traits).length === 0) return;
      let id = customerIds[i]!;
      for (let k = 0; k < 64; k++) {
        const next = localAliases.get(id) ?? this.aliases.get(id);
        if (!next || next === id) break;
        id = next;
      }
      const patch = patches.get(id) ?? Object.create(null);
      for (const [k, v] of Object.entries(e.traits)) {
        Object.defineProperty(patch, k, {
          value: v,
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      patches.set(id, patch);
    });
    if (patches.size === 0) return;
    await s.run(
      // Numbered parameters: DuckDB binds UPDATE … FROM's subquery before the SET list.
      `UPDATE customers SET traits = json_merge_patch(customers.traits, p.patch::JSON), updated_at = $1
       FROM (SELECT unnest($2::VARCHAR[]) AS id, unnest($3::VARCHAR[]) AS patch) p
       WHERE customers.id = p.id AND customers.workspace_id = $4`,
      [now, [...patches.keys()], [...patches.values()].map((p) => JSON.stringify(p)), workspaceId],
    );
  }
}
