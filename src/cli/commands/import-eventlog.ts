import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import type { TJsonObject } from '../../core/schemas/common.ts';
import type { TNormalizedEvent } from '../../core/schemas/event.ts';
import {
  readEventLog,
  type TEventLogOptions,
  type TLogCase,
} from '../../ingest/eventlog/read-event-log.ts';
import { normalizeEvent } from '../../ingest/segment/normalize-event.ts';
import { optionString, type ParsedArgs, requireOption } from '../args.ts';
import { type Backend, resolveWorkspace } from '../backend.ts';
import type { Io } from '../main.ts';
import { eventLogOptions } from './discover.ts';

/**
 * The messageId of the `index`-th event (0-based, file order) of case `caseId`: a digest of the
 * case, the index and the activity, so that importing the same log again stores nothing new.
 *
 * @example eventLogMessageId('173688', 0, 'A_SUBMITTED') // 'eventlog-…' (40 hex digits)
 */
export function eventLogMessageId(caseId: string, index: number, activity: string): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([caseId, index, activity]))
    .digest('hex');
  return `eventlog-${digest.slice(0, 40)}`;
}

export interface TImportEventLogOptions extends TEventLogOptions {
  file: string;
  workspaceId: string;
  /** Import the events' other attributes (resource, lifecycle…) as properties. Default true. */
  attributes?: boolean;
  progress?: (done: number, total: number, phase: string) => void;
}

/**
 * Turns a case's events into normalized track events: the case id is the userId, the activity
 * the event name. Events get their index within the case id across the whole file (`seen`
 * counts), so that two traces sharing a case id do not collide.
 */
function caseToEvents(
  file: string,
  c: TLogCase,
  seen: Map<string, number>,
  receivedAt: number,
  timestampKey: string | undefined,
): TNormalizedEvent[] {
  let index = seen.get(c.id) ?? 0;
  const out: TNormalizedEvent[] = [];
  for (const e of c.events) {
    if (e.timestamp === null) {
      throw new AppError(
        400,
        'invalid',
        `${file}: line ${e.line}: the event has no timestamp${timestampKey ? ` (${timestampKey})` : ''}; an imported event needs its time`,
      );
    }
    const payload: TJsonObject = {
      type: 'track',
      messageId: eventLogMessageId(c.id, index, e.activity),
      userId: c.id,
      event: e.activity,
      timestamp: new Date(e.timestamp).toISOString(),
    };
    if (e.attributes !== undefined && Object.keys(e.attributes).length > 0)
      payload.properties = { ...e.attributes };
    index++;
    const normalized = normalizeEvent('track', payload, receivedAt);
    if (!normalized.ok) {
      throw new AppError(
        400,
        'invalid',
        `${file}: line ${e.line}: ${normalized.error.field}: ${normalized.error.message}`,
      );
    }
    out.push(normalized.event);
  }
  seen.set(c.id, index);
  return out;
}

/**
 * Imports an event log (XES or CSV) into a workspace through the backend `import events` uses
 * (the database, or the server holding it). A first pass checks the whole log, so that a bad
 * event imports nothing; a second writes in chunks of 10,000. Message ids derive from case,
 * index and activity, so a rerun stores nothing twice.
 */
export async function importEventLog(backend: Backend, o: TImportEventLogOptions) {
  const receivedAt = Date.now();
  const pass = async (phase: string, onEvents: (events: TNormalizedEvent[]) => Promise<void>) => {
    const seen = new Map<string, number>();
    return readEventLog(
      o.file,
      {
        ...o,
        keepAttributes: o.attributes ?? true,
        onProgress: (done, total) => o.progress?.(done, total, phase),
      },
      (c) => onEvents(caseToEvents(o.file, c, seen, receivedAt, o.timestampKey)),
    );
  };
  await pass('checking', async () => {});
  let chunk: TNormalizedEvent[] = [];
  let imported = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await backend.insertEvents(o.workspaceId, chunk);
    imported += chunk.length;
    chunk = [];
  };
  const counts = await pass('importing', async (events) => {
    for (const e of events) chunk.push(e);
    if (chunk.length >= 10_000) await flush();
  });
  await flush();
  return { imported, cases: counts.cases, events: counts.events };
}

/**
 * `waymark import eventlog FILE --workspace W`: the CLI side of importEventLog, with the same
 * progress bar on a terminal as `import events`.
 *
 * @example runImportEventLog(parseArgs(['import', 'eventlog', 'helpdesk.xes.gz', '--workspace', 'Acme']), backend, io)
 */
export async function runImportEventLog(args: ParsedArgs, backend: Backend, io: Io) {
  const file = args.positionals[2];
  if (!file) throw new AppError(400, 'usage', 'usage: waymark import eventlog FILE --workspace W');
  const attributes = optionString(args, 'attributes') ?? 'all';
  if (attributes !== 'all' && attributes !== 'none')
    throw new AppError(400, 'usage', '--attributes must be all or none');
  const ws = await resolveWorkspace(backend, requireOption(args, 'workspace'));
  const started = Date.now();
  let lastDraw = 0;
  const result = await importEventLog(backend, {
    ...eventLogOptions(args),
    file,
    workspaceId: ws.id,
    attributes: attributes === 'all',
    progress: (done, total, phase) => {
      if (!io.isTTY || Date.now() - lastDraw < 100) return;
      lastDraw = Date.now();
      const ratio = total > 0 ? Math.min(1, done / total) : 1;
      const bar = '█'.repeat(Math.round(ratio * 30)).padEnd(30, '░');
      process.stderr.write(`\r${phase.padEnd(10)} ${bar} ${(ratio * 100).toFixed(0).padStart(3)}%`);
    },
  });
  if (io.isTTY) process.stderr.write('\r\x1b[K');
  const seconds = (Date.now() - started) / 1000;
  const summary = { ...result, seconds, via: backend.via };
  io.out(
    args.options.json === true
      ? JSON.stringify(summary)
      : `imported ${result.imported} events of ${result.cases} cases from ${file} into ${ws.name} in ${seconds.toFixed(1)}s (via ${backend.via}; events already stored are skipped)`,
  );
  return 0;
}
