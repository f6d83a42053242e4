import { mkdtemp, rm } from 'node:fs/promises';
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
  email: 'VARCHAR',
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
/** The events columns filled from a line, in order. */
const STORED_COLUMNS = Object.keys(LINE_COLUMNS).filter(
  (c) => c !== 'n' && c !== 'raw' && c !== 'email',
);
const STORED_VALUES = STORED_COLUMNS.map((c) => {
  if (c === 'ts' || c === 'received_at') return `make_timestamp(j.${c} * 1000)`;
  if (c !== 'properties' && c !== 'context') return `j.${c}`;
  // Validation accepted the event only if the field is an object, null or absent; the latter
  // two are stored as {} as normalization does.
  return `CASE WHEN j.raw IS NULL THEN j.${c}
    WHEN json_type(j.raw, '$.${c}') = 'OBJECT' THEN json_extract(j.raw, '$.${c}')
    ELSE '{}'::JSON END`;
});

/**
 * Inserts a segment's events. Each event belongs to the customer that owns its strongest id
 * (user id, then email, then anonymous id) in the identities table, which identity resolution
 * completed in the same transaction just before. A message id repeated within the segment keeps
 * its first line; the primary key drops ids stored earlier.
 */
const INSERT_SEGMENT = `INSERT OR IGNORE INTO events (dedup_key, ${STORED_COLUMNS.join(', ')}, customer_id)
  SELECT md5_number(j.workspace_id || chr(10) || j.message_id), ${STORED_VALUES.join(', ')},
    coalesce(iu.customer_id, ie.customer_id, ia.customer_id)
  FROM read_json(?, format = 'newline_delimited', columns = ${LINE_STRUCT}) j
  LEFT JOIN identities iu
    ON iu.workspace_id = j.workspace_id AND iu.kind = 'user_id' AND iu.value = j.user_id
  LEFT JOIN identities ie
    ON ie.workspace_id = j.workspace_id AND ie.kind = 'email' AND ie.value = j.email
  LEFT JOIN identities ia
    ON ia.workspace_id = j.workspace_id AND ia.kind = 'anonymous_id' AND ia.value = j.anonymous_id
  QUALIFY row_number() OVER (PARTITION BY j.workspace_id, j.message_id ORDER BY j.n) = 1`;

/** A segment grows until the loader takes it; past this many events a new one is started. */
const MAX_SEGMENT_EVENTS = 250_000;
/** Appends wait while more than this many acknowledged events are not loaded yet. */
const MAX_UNLOADED_EVENTS = 1_000_000;

/** What identity resolution needs of a journal line. */
interface LineIdentity extends IdentityFields {
  workspaceId: string;
  traits: Record<string, unknown> | undefined;
}

const isPlain = (type: string) => type === 'track' || type === 'page' || type === 'screen';

interface Segment {
  journal: JournalSegment;
  count: number;
  /**
   * The lines identity resolution must see, in order: every identify, group and alias, and the
   * first interaction of each combination of ids. A later interaction with the same ids can
   * neither add an identity nor merge customers, so it is not kept in memory at all.
   */
  resolve: LineIdentity[];
  seen: Set<string>;
  /** For a segment written by `insert`: the (workspace, message id) of each line, in order. */
  keys: string[] | undefined;
  done: Promise<Set<string> | undefined>;
  finish: (inserted: Set<string> | undefined) => void;
  fail: (err: unknown) => void;
}

function newSegment(journal: JournalSegment, keys?: string[]): Segment {
  let finish!: Segment['finish'];
  let fail!: Segment['fail'];
  const done = new Promise<Set<string> | undefined>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  // Nobody may be waiting for a failed load; the failure is logged where it happens.
  done.catch(() => undefined);
  return { journal, count: 0, resolve: [], seen: new Set(), keys, done, finish, fail };
}

/** Adds a line to what its segment's identity resolution will see, unless it adds nothing. */
function track(segment: Segment, line: LineIdentity) {
  if (isPlain(line.type)) {
    const key = `${line.workspaceId}\u0000${line.userId ?? ''}\u0000${line.email ?? ''}\u0000${line.anonymousId ?? ''}`;
    if (segment.seen.has(key)) return;
    segment.seen.add(key);
  }
  segment.resolve.push(line);
}

const keyOf = (workspaceId: string, messageId: string) => `${workspaceId}\u0000${messageId}`;

/**
 * One journal line: the normalized event, flat, numbered within its segment. An interaction that
 * comes with its text as sent carries that text as `raw`, from which loading takes `properties`
 * and `context`, instead of a second serialization of both. The email is the form identities
 * are keyed by (trimmed, lower case).
 */
export function lineOf({ workspaceId, event: e, raw }: IncomingEvent, n: number): string {
  // Two object literals rather than one spread into the other: JSON.stringify takes its fast
  // path only on such objects, which matters at one line per event (3x, measured).
  const email = e.email ? e.email.trim().toLowerCase() : null;
  if (raw !== undefined && isPlain(e.type)) {
    const scalars = JSON.stringify({
      n,
      workspace_id: workspaceId,
      message_id: e.messageId,
      type: e.type,
      event: e.event,
      user_id: e.userId,
      anonymous_id: e.anonymousId,
      email,
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
    return `${scalars.slice(0, -1)},"raw":${raw}}`;
  }
  return JSON.stringify({
    n,
    workspace_id: workspaceId,
    message_id: e.messageId,
    type: e.type,
    event: e.event,
    user_id: e.userId,
    anonymous_id: e.anonymousId,
    email,
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

/** Rebuilds what identity resolution needs from a line read back after a restart. */
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

function identityOfEvent(workspaceId: string, e: TNormalizedEvent): LineIdentity {
  return {
    workspaceId,
    messageId: e.messageId,
    type: e.type,
    userId: e.userId,
    anonymousId: e.anonymousId,
    email: e.email ? e.email.trim().toLowerCase() : null,
    previousId: e.previousId,
    traits: e.type === 'identify' ? e.traits : undefined,
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
 * cost per event fall as load rises, instead of bounding throughput by transactions per second.
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

  private constructor(
    private readonly db: DuckDatabase,
    private readonly journal: Journal,
    /** The loader's own connection, kept for the writer's lifetime. */
    private readonly session: DuckSession,
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
    const writer = new EventWriter(db, journal, await db.session());
    for (const j of journal.leftover) {
      const segment = newSegment(j);
      for (const line of await readSegment(j)) {
        track(segment, identityOfLine(line));
        segment.count++;
      }
      writer.unloaded += segment.count;
      writer.sealed.push(segment);
      writer.last = segment;
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
    if (events.length === 0) return;
    await this.backpressure();
    const run = this.appendChain.then(async () => {
      if (this.current && this.current.count >= MAX_SEGMENT_EVENTS) await this.sealNow();
      if (!this.current) {
        this.current = newSegment(this.journal.create());
        this.last = this.current;
      }
      await this.write(this.current, events);
    });
    this.appendChain = run.catch(() => undefined);
    await run;
  }

  /**
   * Appends events in a segment of their own, waits until it is loaded and reports how many
   * were new (for imports and tests; the ingestion API uses `append`).
   */
  async insert(events: readonly IncomingEvent[]): Promise<InsertResult> {
    if (events.length === 0) return { inserted: 0, duplicates: 0 };
    await this.backpressure();
    const keys = events.map((e) => keyOf(e.workspaceId, e.event.messageId));
    const run = this.appendChain.then(async () => {
      await this.sealNow();
      const segment = newSegment(this.journal.create(), keys);
      this.last = segment;
      await this.write(segment, events);
      await segment.journal.seal();
      this.sealed.push(segment);
      this.kick();
      return segment;
    });
    this.appendChain = run.catch(() => undefined);
    const inserted = await (await run).done;
    // The first line of each message id that the load inserted counts; any other is a duplicate.
    let n = 0;
    const counted = new Set<string>();
    for (const k of keys) {
      if (inserted?.has(k) && !counted.has(k)) {
        counted.add(k);
        n++;
      }
    }
    return { inserted: n, duplicates: events.length - n };
  }

  /** Resolves once every event appended before the call is loaded (or its load failed). */
  async settled(): Promise<void> {
    await this.seal();
    const last = this.last;
    if (last) {
      await last.done.then(
        () => undefined,
        () => undefined,
      );
    }
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
    await this.dbChain;
    this.session.connection.closeSync();
    if (this.db.file === ':memory:') await rm(this.journal.dir, { recursive: true, force: true });
  }

  private onDb<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.dbChain.then(fn);
    this.dbChain = run.catch(() => undefined);
    return run;
  }

  /** Holds new appends back while too much acknowledged work waits for the loader. */
  private async backpressure() {
    while (this.unloaded > MAX_UNLOADED_EVENTS) {
      await new Promise<void>((resolve) => this.progress.push(resolve));
    }
  }

  private async write(segment: Segment, events: readonly IncomingEvent[]) {
    const start = segment.count;
    const text: string[] = new Array(events.length);
    for (let i = 0; i < events.length; i++) text[i] = lineOf(events[i]!, start + i);
    await segment.journal.append(`${text.join('\n')}\n`);
    for (const { workspaceId, event } of events)
      track(segment, identityOfEvent(workspaceId, event));
    segment.count += events.length;
    this.unloaded += events.length;
    this.kick();
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
      const inserted = await this.load(segment);
      await segment.journal.remove();
      segment.finish(inserted);
    } catch (err) {
      // The events were acknowledged: keep them on disk for the next start rather than drop them.
      const kept = await segment.journal.quarantine().catch(() => segment.journal.file);
      console.error(`waymark: loading journal segment failed; kept in ${kept}:`, err);
      segment.fail(err);
    } finally {
      this.unloaded -= segment.count;
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
   * Loads one segment in one transaction: resolves the identities its lines carry, in order,
   * then inserts all of its events at once, straight from the journal file.
   */
  private async load(segment: Segment): Promise<Set<string> | undefined> {
    if (segment.count === 0) return segment.keys ? new Set() : undefined;
    const newIdentities: Array<[string, string]> = [];
    const newAliases: Array<[string, string]> = [];
    const inserted = await this.session.transaction(async (s) => {
      await this.loadAliases(s);
      const lines = await this.withoutStoredIdentityEvents(s, segment.resolve);
      const byWorkspace = new Map<string, LineIdentity[]>();
      for (const line of lines) {
        const list = byWorkspace.get(line.workspaceId);
        if (list) list.push(line);
        else byWorkspace.set(line.workspaceId, [line]);
      }
      const now = new Date().toISOString();
      for (const [workspaceId, list] of byWorkspace) {
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
      }
      if (!segment.keys) {
        await s.run(INSERT_SEGMENT, [segment.journal.file]);
        return undefined;
      }
      const rows = await s.query<{ workspace_id: string; message_id: string }>(
        `${INSERT_SEGMENT} RETURNING workspace_id, message_id`,
        [segment.journal.file],
      );
      return new Set(rows.map((r) => keyOf(r.workspace_id, r.message_id)));
    });
    for (const [k, v] of newIdentities) this.identities.set(k, v);
    for (const [k, v] of newAliases) this.aliases.set(k, v);
    if (this.identities.size > 2_000_000) this.identities.clear();
    return inserted;
  }

  /**
   * Identify and alias lines whose message id is already stored, or repeats an earlier line of
   * the segment, are left out of resolution: a resent identify must not apply its (possibly
   * stale) traits again. These few lines are looked up as point queries on the events' index.
   */
  private async withoutStoredIdentityEvents(s: DuckSession, lines: readonly LineIdentity[]) {
    const drop = new Set<string>();
    const linking: LineIdentity[] = [];
    for (const line of lines) {
      if (line.type !== 'identify' && line.type !== 'alias') continue;
      const k = keyOf(line.workspaceId, line.messageId);
      if (drop.has(k)) continue;
      drop.add(k);
      linking.push(line);
    }
    if (linking.length === 0) return lines;
    const stored = new Set<string>();
    for (let i = 0; i < linking.length; i += 500) {
      const part = linking.slice(i, i + 500);
      const rows = await s.query<{ workspace_id: string; message_id: string }>(
        `SELECT workspace_id, message_id FROM events
         WHERE dedup_key IN (${part.map(() => 'md5_number(? || chr(10) || ?)').join(', ')})`,
        part.flatMap((l) => [l.workspaceId, l.messageId]),
      );
      for (const r of rows) stored.add(keyOf(r.workspace_id, r.message_id));
    }
    const kept = new Set<LineIdentity>();
    const firstOf = new Set<string>();
    for (const line of linking) {
      const k = keyOf(line.workspaceId, line.messageId);
      if (!stored.has(k) && !firstOf.has(k)) {
        firstOf.add(k);
        kept.add(line);
      }
    }
    return lines.filter((l) => (l.type !== 'identify' && l.type !== 'alias') || kept.has(l));
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
