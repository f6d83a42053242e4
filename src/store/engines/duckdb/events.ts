import { mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { newId } from '../../../core/ids.ts';
import type { TNormalizedEvent } from '../../../core/schemas/event.ts';
import { type IdentityFields, identityKey, resolveIdentities } from '../../../ingest/identity.ts';
import type { IncomingEvent, InsertResult } from '../../port.ts';
import type { DuckDatabase, DuckSession } from './database.ts';
import { Journal, type JournalSegment, readSegment } from './journal.ts';

/** The fields of a journal line that the database reads (the rest are for replay only). */
const LINE_COLUMNS = {
  n: 'INTEGER',
  workspace_id: 'VARCHAR',
  message_id: 'VARCHAR',
  type: 'VARCHAR',
  event: 'VARCHAR',
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
  raw: 'JSON',
} as const;
const LINE_STRUCT = `{${Object.entries(LINE_COLUMNS)
  .map(([k, v]) => `${k}: '${v}'`)
  .join(', ')}}`;

/** A segment grows until the loader takes it; past this many events a new one is started. */
const MAX_SEGMENT_EVENTS = 250_000;
/** Appends wait while more than this many acknowledged events are not loaded yet. */
const MAX_UNLOADED_EVENTS = 1_000_000;

/** What the loader needs of each journal line, kept in memory so that it never re-reads it. */
interface LineIdentity extends IdentityFields {
  workspaceId: string;
  traits: Record<string, unknown> | undefined;
}

/** Which lines of a segment were inserted (1) or dropped as already stored (0). */
type LoadOutcome = Uint8Array | undefined;

interface Segment {
  journal: JournalSegment;
  lines: LineIdentity[];
  /** Whether some caller waits for per-line outcomes (costs a RETURNING clause). */
  wantOutcome: boolean;
  done: Promise<LoadOutcome>;
  finish: (outcome: LoadOutcome) => void;
  fail: (err: unknown) => void;
}

function newSegment(journal: JournalSegment): Segment {
  let finish!: (o: LoadOutcome) => void;
  let fail!: (e: unknown) => void;
  const done = new Promise<LoadOutcome>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  // Nobody may be waiting for a failed load; the failure is logged where it happens.
  done.catch(() => undefined);
  return { journal, lines: [], wantOutcome: false, done, finish, fail };
}

/**
 * One journal line: the normalized event, flat, numbered within its segment. An interaction that
 * comes with its text as sent carries that text as `raw`, from which loading takes `properties`
 * and `context`, instead of a second serialization of both.
 */
export function lineOf({ workspaceId, event: e, raw }: IncomingEvent, n: number): string {
  const plain = e.type === 'track' || e.type === 'page' || e.type === 'screen';
  if (raw !== undefined && plain) {
    const head = JSON.stringify({
      n,
      workspace_id: workspaceId,
      message_id: e.messageId,
      type: e.type,
      event: e.event,
      user_id: e.userId,
      anonymous_id: e.anonymousId,
      email: e.email,
      ts: e.timestamp,
      received_at: e.receivedAt,
      path: e.path,
      url: e.url,
      referrer: e.referrer,
      utm_source: e.utmSource,
      utm_medium: e.utmMedium,
      utm_campaign: e.utmCampaign,
      channel: e.channel,
      text: e.text,
      value: e.value,
    });
    return `${head.slice(0, -1)},"raw":${raw}}`;
  }
  return JSON.stringify({
    n,
    workspace_id: workspaceId,
    message_id: e.messageId,
    type: e.type,
    event: e.event,
    user_id: e.userId,
    anonymous_id: e.anonymousId,
    email: e.email,
    previous_id: e.previousId,
    group_id: e.groupId,
    ts: e.timestamp,
    received_at: e.receivedAt,
    path: e.path,
    url: e.url,
    referrer: e.referrer,
    utm_source: e.utmSource,
    utm_medium: e.utmMedium,
    utm_campaign: e.utmCampaign,
    channel: e.channel,
    text: e.text,
    value: e.value,
    properties: e.properties,
    traits: e.type === 'identify' || e.type === 'group' ? e.traits : undefined,
    context: e.context,
  });
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);

/** Rebuilds what the loader needs from a line read back after a restart. */
function identityOfLine(line: unknown): LineIdentity {
  const l = line as Record<string, unknown>;
  const traits = l.traits;
  return {
    workspaceId: String(l.workspace_id),
    messageId: String(l.message_id),
    type: l.type as TNormalizedEvent['type'],
    userId: str(l.user_id),
    anonymousId: str(l.anonymous_id),
    email: str(l.email),
    previousId: str(l.previous_id),
    traits:
      traits !== null && typeof traits === 'object'
        ? (traits as Record<string, unknown>)
        : undefined,
  };
}

/**
 * Writes events: appends them to the journal (durable when the returned promise resolves) and
 * loads the journal into the database in the background, segment by segment, with identity
 * resolution. Reads call `settled()` first, so they see every event acknowledged before them.
 *
 * Why a journal: a DuckDB insert costs about as much per event whether it carries ten rows or a
 * hundred thousand, plus a fixed cost per transaction, and most of it is spent compressing rows
 * into the table. Acknowledging after an fsynced append and loading in large segments lets the
 * per-event cost fall as load rises, instead of bounding throughput by transactions per second.
 *
 * Holds caches of identities and merges that only this process writes (DuckDB admits one
 * writing process), updated after each load commits.
 */
export class EventWriter {
  private readonly identities = new Map<string, string>();
  private readonly aliases = new Map<string, string>();
  private aliasesLoaded = false;
  /** Appends and seals, one at a time, in order. */
  private appendChain: Promise<unknown> = Promise.resolve();
  /** Loads and exclusive work on identities, one at a time. */
  private dbChain: Promise<unknown> = Promise.resolve();
  private current: Segment | undefined;
  private readonly sealed: Segment[] = [];
  private last: Segment | undefined;
  private loading: Promise<void> | undefined;
  private unloaded = 0;
  private progress: Array<() => void> = [];
  private stageCounter = 0;

  private constructor(
    private readonly db: DuckDatabase,
    private readonly journal: Journal,
  ) {}

  /**
   * Opens the journal beside the database file and loads what an earlier process left in it,
   * before anything new is accepted.
   */
  static async open(db: DuckDatabase): Promise<EventWriter> {
    const memory = db.file === ':memory:';
    const dir = memory
      ? await mkdtemp(path.join(os.tmpdir(), 'waymark-journal-'))
      : `${db.file}.journal`;
    const journal = await Journal.open(dir, { durable: !memory });
    const writer = new EventWriter(db, journal);
    for (const j of journal.leftover) {
      const seg = newSegment(j);
      seg.lines = (await readSegment(j)).map(identityOfLine);
      writer.unloaded += seg.lines.length;
      writer.sealed.push(seg);
      writer.last = seg;
    }
    writer.kick();
    await writer.settled();
    return writer;
  }

  /**
   * Appends events to the journal. Resolves once they are durable (fsynced): from then on they
   * are never lost, and every read that starts later sees them. Resent message ids are dropped
   * when the segment is loaded.
   */
  async append(events: readonly IncomingEvent[]): Promise<void> {
    await this.appendLines(events, false);
  }

  /** Appends events and waits until they are loaded; reports how many were new. */
  async insert(events: readonly IncomingEvent[]): Promise<InsertResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    const { segment, start, end } = await this.appendLines(events, true);
    await this.settled();
    const outcome = await segment.done;
    let inserted = 0;
    for (let i = start; i < end; i++) inserted += outcome?.[i] ?? 0;
    return { inserted, duplicates: events.length - inserted };
  }

  /** Resolves once every event appended before the call is loaded (or its load failed). */
  async settled(): Promise<void> {
    await this.seal();
    const last = this.last;
    if (last)
      await last.done.then(
        () => undefined,
        () => undefined,
      );
  }

  /**
   * Runs `fn` between two loads, so that it never interleaves with identity resolution, then
   * forgets cached merges (used to undo a merge).
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.onDb(async () => {
      try {
        return await fn();
      } finally {
        this.aliases.clear();
        this.aliasesLoaded = false;
      }
    });
  }

  /** Loads everything appended so far; a journal in a scratch directory is then removed. */
  async close(): Promise<void> {
    await this.settled();
    if (this.db.file === ':memory:') await rm(this.journal.dir, { recursive: true, force: true });
  }

  private onDb<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.dbChain.then(fn);
    this.dbChain = run.catch(() => undefined);
    return run;
  }

  private async appendLines(events: readonly IncomingEvent[], wantOutcome: boolean) {
    // Wait outside the chain: the loader seals through it and must not queue behind this wait.
    while (this.unloaded > MAX_UNLOADED_EVENTS) {
      await new Promise<void>((resolve) => this.progress.push(resolve));
    }
    const run = this.appendChain.then(async () => {
      if (this.current && this.current.lines.length >= MAX_SEGMENT_EVENTS) await this.sealNow();
      if (!this.current) {
        this.current = newSegment(this.journal.create());
        this.last = this.current;
      }
      const segment = this.current;
      const start = segment.lines.length;
      const text: string[] = new Array(events.length);
      for (let i = 0; i < events.length; i++) {
        text[i] = lineOf(events[i]!, start + i);
      }
      await segment.journal.append(`${text.join('\n')}\n`);
      for (const { workspaceId, event: e } of events) {
        segment.lines.push({
          workspaceId,
          messageId: e.messageId,
          type: e.type,
          userId: e.userId,
          anonymousId: e.anonymousId,
          email: e.email,
          previousId: e.previousId,
          traits: e.type === 'identify' ? e.traits : undefined,
        });
      }
      if (wantOutcome) segment.wantOutcome = true;
      this.unloaded += events.length;
      this.kick();
      return { segment, start, end: start + events.length };
    });
    this.appendChain = run.catch(() => undefined);
    return run;
  }

  /** Closes the current segment (after the appends queued before it) and queues it for loading. */
  private seal(): Promise<void> {
    const run = this.appendChain.then(() => this.sealNow());
    this.appendChain = run.catch(() => undefined);
    return run;
  }

  private async sealNow() {
    const segment = this.current;
    if (!segment) return;
    this.current = undefined;
    await segment.journal.seal();
    this.sealed.push(segment);
    this.kick();
  }

  /** Starts the loader unless it runs; it stops when there is nothing left to load. */
  private kick() {
    if (this.loading) return;
    this.loading = (async () => {
      for (;;) {
        if (this.sealed.length === 0 && this.current) await this.seal();
        const segment = this.sealed.shift();
        if (!segment) return;
        await this.onDb(() => this.loadSegment(segment));
      }
    })().finally(() => {
      this.loading = undefined;
      if (this.sealed.length > 0 || this.current) this.kick();
    });
  }

  private async loadSegment(segment: Segment) {
    try {
      const outcome = await this.load(segment);
      await segment.journal.remove();
      segment.finish(outcome);
    } catch (err) {
      // The events were acknowledged: keep them on disk for the next start rather than drop them.
      const kept = await segment.journal.quarantine().catch(() => segment.journal.file);
      console.error(`waymark: loading journal segment failed; kept in ${kept}:`, err);
      segment.fail(err);
    } finally {
      this.unloaded -= segment.lines.length;
      const waiting = this.progress;
      this.progress = [];
      for (const w of waiting) w();
    }
  }

  private async loadAliases(s: DuckSession) {
    if (this.aliasesLoaded) return;
    const rows = await s.query<{ customer_id: string; canonical_id: string }>(
      'SELECT customer_id, canonical_id FROM customer_aliases',
    );
    for (const r of rows) this.aliases.set(r.customer_id, r.canonical_id);
    this.aliasesLoaded = true;
  }

  /**
   * Loads one segment in one transaction: resolves identities line by line in order, writes the
   * customer of every line to a scratch file, and inserts the segment's events joined with it.
   */
  private async load(segment: Segment): Promise<LoadOutcome> {
    const all = segment.lines;
    if (all.length === 0) return segment.wantOutcome ? new Uint8Array(0) : undefined;
    // A message id sent twice in one segment keeps its first copy; the index drops later resends.
    const keep = new Uint8Array(all.length);
    const seenIds = new Set<string>();
    for (let i = 0; i < all.length; i++) {
      const k = `${all[i]!.workspaceId}\u0000${all[i]!.messageId}`;
      if (seenIds.has(k)) continue;
      seenIds.add(k);
      keep[i] = 1;
    }
    const customerFile = this.journal.scratch(`customers-${++this.stageCounter}.csv`);
    const newIdentities: Array<[string, string]> = [];
    const newAliases: Array<[string, string]> = [];
    try {
      const outcome = await this.db.transaction(async (s) => {
        await this.loadAliases(s);
        await this.dropStoredIdentityEvents(s, all, keep);
        const byWorkspace = new Map<string, number[]>();
        for (let i = 0; i < all.length; i++) {
          if (!keep[i]) continue;
          const ws = all[i]!.workspaceId;
          const list = byWorkspace.get(ws);
          if (list) list.push(i);
          else byWorkspace.set(ws, [i]);
        }
        const csv: string[] = [];
        const now = new Date().toISOString();
        for (const [workspaceId, index] of byWorkspace) {
          const list = index.map((i) => all[i]!);
          await this.preloadIdentities(s, workspaceId, list);
          const localAliases = new Map<string, string>();
          const res = resolveIdentities({
            workspaceId,
            events: list,
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
          for (let k = 0; k < index.length; k++) csv.push(`${index[k]},${res.customerIds[k]}`);
        }
        await writeFile(customerFile, csv.join('\n'));
        const columns = Object.keys(LINE_COLUMNS).filter((c) => c !== 'n' && c !== 'raw');
        const select = columns.map((c) => {
          if (c === 'ts' || c === 'received_at') return `make_timestamp(j.${c} * 1000)`;
          if (c !== 'properties' && c !== 'context') return `j.${c}`;
          // Validation accepted the event only if the field is an object, null or absent; the
          // latter two are stored as {} as normalization does.
          return `CASE WHEN j.raw IS NULL THEN j.${c}
            WHEN json_type(j.raw, '$.${c}') = 'OBJECT' THEN json_extract(j.raw, '$.${c}')
            ELSE '{}'::JSON END`;
        });
        const sql = `INSERT OR IGNORE INTO events (dedup_key, ${columns.join(', ')}, customer_id)
           SELECT md5_number(j.workspace_id || chr(10) || j.message_id), ${select.join(', ')},
             c.customer_id
           FROM read_json(?, format = 'newline_delimited', columns = ${LINE_STRUCT}) j
           JOIN read_csv(?, header = false, columns = {'n': 'INTEGER', 'customer_id': 'VARCHAR'}) c
             USING (n)`;
        if (!segment.wantOutcome) {
          await s.run(sql, [segment.journal.file, customerFile]);
          return undefined;
        }
        const rows = await s.query<{ workspace_id: string; message_id: string }>(
          `${sql} RETURNING workspace_id, message_id`,
          [segment.journal.file, customerFile],
        );
        const lineOfId = new Map<string, number>();
        for (let i = 0; i < all.length; i++) {
          if (keep[i]) lineOfId.set(`${all[i]!.workspaceId}\u0000${all[i]!.messageId}`, i);
        }
        const inserted = new Uint8Array(all.length);
        for (const r of rows) {
          const i = lineOfId.get(`${r.workspace_id}\u0000${r.message_id}`);
          if (i !== undefined) inserted[i] = 1;
        }
        return inserted;
      });
      for (const [k, v] of newIdentities) this.identities.set(k, v);
      for (const [k, v] of newAliases) this.aliases.set(k, v);
      if (this.identities.size > 2_000_000) this.identities.clear();
      return outcome;
    } finally {
      await unlink(customerFile).catch(() => undefined);
    }
  }

  /**
   * Drops identify and alias events that are already stored: a resent identify must not apply
   * its (possibly stale) traits again. Other resent events are dropped by the index on insert;
   * only these few need the look-up, as point queries on that index.
   */
  private async dropStoredIdentityEvents(
    s: DuckSession,
    lines: readonly LineIdentity[],
    keep: Uint8Array,
  ) {
    const linking: number[] = [];
    for (let i = 0; i < lines.length; i++) {
      const t = lines[i]!.type;
      if (keep[i] && (t === 'identify' || t === 'alias')) linking.push(i);
    }
    for (let i = 0; i < linking.length; i += 500) {
      const part = linking.slice(i, i + 500);
      const rows = await s.query<{ workspace_id: string; message_id: string }>(
        `SELECT workspace_id, message_id FROM events
         WHERE dedup_key IN (${part.map(() => 'md5_number(? || chr(10) || ?)').join(', ')})`,
        part.flatMap((k) => [lines[k]!.workspaceId, lines[k]!.messageId]),
      );
      if (rows.length === 0) continue;
      const stored = new Set(rows.map((r) => `${r.workspace_id}\u0000${r.message_id}`));
      for (const k of part) {
        if (stored.has(`${lines[k]!.workspaceId}\u0000${lines[k]!.messageId}`)) keep[k] = 0;
      }
    }
  }

  /** Loads the identities of a batch that the cache does not know yet, in one query. */
  private async preloadIdentities(s: DuckSession, workspaceId: string, list: LineIdentity[]) {
    const wanted = new Set<string>();
    for (const e of list) {
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
    list: LineIdentity[],
    customerIds: string[],
    localAliases: Map<string, string>,
    now: string,
  ) {
    const patches = new Map<string, Record<string, unknown>>();
    list.forEach((e, i) => {
      if (e.type !== 'identify' || !e.traits || Object.keys(e.traits).length === 0) return;
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
