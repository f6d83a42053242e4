import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../core/errors.ts';
import { CsvParser, type Row } from '../import/csv-parser.ts';
import { parseIsoTimestamp } from '../segment/parse-timestamp.ts';
import { type TXesTrace, XesParser, XesSyntaxError } from './xes-parser.ts';

/** One event of a case, as read from the log. */
export interface TLogEvent {
  activity: string;
  /** Epoch milliseconds; null when the event has no timestamp. */
  timestamp: number | null;
  /** The line on which the event starts in the (decompressed) file. */
  line: number;
  /** The event's other attributes (CSV: the other non-empty cells), when asked for. */
  attributes?: Record<string, string>;
}

/** One case (an XES trace, or the CSV rows sharing a case id) with its events in file order. */
export interface TLogCase {
  id: string;
  line: number;
  events: TLogEvent[];
}

export type TLogFormat = 'xes' | 'csv';

export interface TEventLogOptions {
  /** `xes` or `csv`; guessed from the file name (`.xes`, `.csv`, optionally `.gz`) when absent. */
  format?: string;
  /** CSV column of the case id, or (XES) trace attribute, a leading `case:` dropped. */
  caseKey?: string;
  /** CSV column or XES event attribute of the activity. */
  activityKey?: string;
  /** CSV column or XES event attribute of the timestamp (ISO 8601). */
  timestampKey?: string;
  /** CSV delimiter, one character; `,` by default. */
  delimiter?: string;
  /** Keep each event's other attributes (for importing them as properties). Default false. */
  keepAttributes?: boolean;
  /** Called as the file is read, with bytes read so far and the file's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
}

/** Defaults, best first: pm4py's column names, then plain ones. */
const DEFAULT_KEYS = {
  case: ['case:concept:name', 'case', 'case_id', 'caseid'],
  activity: ['concept:name', 'activity'],
  timestamp: ['time:timestamp', 'timestamp'],
} as const;

/**
 * The log format named by `explicit`, or guessed from the file name.
 *
 * @example detectLogFormat('bpic2012.xes.gz') // 'xes'
 */
export function detectLogFormat(file: string, explicit?: string): TLogFormat {
  if (explicit !== undefined) {
    if (explicit !== 'xes' && explicit !== 'csv')
      throw new AppError(400, 'usage', `--format must be xes or csv (got ${explicit})`);
    return explicit;
  }
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.xes')) return 'xes';
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'csv';
  throw new AppError(400, 'usage', `cannot tell the format of ${file}: pass --format xes or csv`);
}

const invalidAt = (file: string, line: number, message: string) =>
  new AppError(400, 'invalid', `${file}: line ${line}: ${message}`);

const digits = (text: string, from: number, count: number) => {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return Number.NaN;
    v = v * 10 + d;
  }
  return v;
};

/**
 * `YYYY-MM-DDTHH:MM:SS.fff±HH:MM`, the shape OpenXES writes, read without a regular expression
 * (a large log has hundreds of thousands); null for any other shape, which parseIsoTimestamp
 * then reads.
 */
export function parseXesTimestamp(text: string): number | null {
  if (text.length !== 29 || text[10] !== 'T' || text[19] !== '.' || text[26] !== ':') return null;
  const sign = text[23] === '+' ? 1 : text[23] === '-' ? -1 : 0;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  const millis = digits(text, 20, 3);
  const offset = sign * (digits(text, 24, 2) * 60 + digits(text, 27, 2));
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return null;
  // NaN (a non-digit) fails every comparison; day 31 of a short month is left to the full parser.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59))
    return null;
  if (!(second <= 59 && millis >= 0 && Math.abs(offset) < 24 * 60) || year < 100) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offset * 60_000;
}

function readTimestamp(file: string, line: number, key: string, text: string | undefined) {
  if (text === undefined || text.trim() === '') return null;
  const ms = parseXesTimestamp(text) ?? parseIsoTimestamp(text.trim());
  if (ms === null) {
    throw invalidAt(
      file,
      line,
      `${key} is not an ISO-8601 date-time (got ${JSON.stringify(text)})`,
    );
  }
  return ms;
}

/**
 * Reads an event log (XES per IEEE 1849, or CSV with case, activity and timestamp columns),
 * plain or gzipped, streaming, and hands each case to `onCase` (awaited, so that a slow consumer
 * holds the reading back). XES cases are handed over as their traces close; CSV cases, whose
 * rows may interleave, once the whole file is read, in order of first appearance. Events stay
 * in file order: see orderCaseEvents for ordering by time. Throws an AppError naming the line
 * on malformed input, a missing activity or case id, or a timestamp that is not ISO 8601.
 *
 * @example
 * await readEventLog('bpic2012.xes.gz', {}, (c) => { traces.push(c.events.map((e) => e.activity)) });
 * // { cases: 13087, events: 262200 }
 */
export async function readEventLog(
  file: string,
  options: TEventLogOptions,
  onCase: (c: TLogCase) => void | Promise<void>,
): Promise<{ cases: number; events: number }> {
  const format = detectLogFormat(file, options.format);
  const size = (
    await stat(file).catch(() => {
      throw new AppError(404, 'not_found', `no such file: ${file}`);
    })
  ).size;
  const input = createReadStream(file);
  const stream = file.toLowerCase().endsWith('.gz') ? input.pipe(createGunzip()) : input;
  input.on('error', (e) => stream.destroy(e));
  let bytes = 0;
  input.on('data', (c: Buffer | string) => {
    bytes += c.length;
  });
  stream.setEncoding('utf8');
  const reader =
    format === 'xes' ? new XesLogReader(file, options) : new CsvLogReader(file, options);
  let cases = 0;
  let events = 0;
  const deliver = async (list: TLogCase[]) => {
    for (const c of list) {
      cases++;
      events += c.events.length;
      await onCase(c);
    }
  };
  try {
    for await (const chunk of stream) {
      await deliver(reader.push(chunk as string));
      options.onProgress?.(bytes, size);
    }
    await deliver(reader.end());
  } catch (err) {
    if (err instanceof XesSyntaxError)
      throw invalidAt(file, err.line, err.message.replace(/^line \d+: /, ''));
    if ((err as { code?: string }).code === 'Z_DATA_ERROR')
      throw new AppError(400, 'invalid', `${file}: not a valid gzip file`);
    throw err;
  }
  options.onProgress?.(size, size);
  return { cases, events };
}

interface LogReader {
  push(chunk: string): TLogCase[];
  end(): TLogCase[];
}

class XesLogReader implements LogReader {
  private readonly parser = new XesParser();
  private readonly caseKey: string;
  private readonly activityKey: string;
  private readonly timestampKey: string;

  constructor(
    private readonly file: string,
    private readonly options: TEventLogOptions,
  ) {
    // `case:X` is how pm4py names trace attribute X in a table; in XES it is the trace's own.
    this.caseKey = (options.caseKey ?? DEFAULT_KEYS.case[0]).replace(/^case:/, '');
    this.activityKey = options.activityKey ?? DEFAULT_KEYS.activity[0];
    this.timestampKey = options.timestampKey ?? DEFAULT_KEYS.timestamp[0];
  }

  push(chunk: string): TLogCase[] {
    return this.parser.push(chunk).map((t) => this.toCase(t));
  }

  end(): TLogCase[] {
    return this.parser.end().map((t) => this.toCase(t));
  }

  private toCase(trace: TXesTrace): TLogCase {
    const id = trace.attributes[this.caseKey];
    if (id === undefined || id === '') {
      throw invalidAt(
        this.file,
        trace.line,
        `the trace has no ${this.caseKey} attribute (the case id)`,
      );
    }
    const keep = this.options.keepAttributes === true;
    const events = trace.events.map((e): TLogEvent => {
      const activity = e.attributes[this.activityKey];
      if (activity === undefined || activity === '') {
        throw invalidAt(
          this.file,
          e.line,
          `the event has no ${this.activityKey} attribute (the activity)`,
        );
      }
      const timestamp = readTimestamp(
        this.file,
        e.line,
        this.timestampKey,
        e.attributes[this.timestampKey],
      );
      const event: TLogEvent = { activity, timestamp, line: e.line };
      if (keep) {
        const rest: Record<string, string> = {};
        for (const [k, v] of Object.entries(e.attributes))
          if (k !== this.activityKey && k !== this.timestampKey) rest[k] = v;
        event.attributes = rest;
      }
      return event;
    });
    return { id, line: trace.line, events };
  }
}

class CsvLogReader implements LogReader {
  private readonly parser: CsvParser;
  private header: string[] | undefined;
  private columns: { case: number; activity: number; timestamp: number } | undefined;
  private readonly cases = new Map<string, TLogCase>();

  constructor(
    private readonly file: string,
    private readonly options: TEventLogOptions,
  ) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"') {
      throw new AppError(400, 'usage', `--delimiter must be one character other than a quote`);
    }
    this.parser = new CsvParser({ delimiter });
  }

  push(chunk: string): TLogCase[] {
    for (const row of this.parser.push(chunk)) this.add(row);
    return [];
  }

  end(): TLogCase[] {
    for (const row of this.parser.end()) this.add(row);
    if (this.header === undefined)
      throw new AppError(400, 'invalid', `${this.file}: the file is empty`);
    return [...this.cases.values()];
  }

  private resolve(header: string[], line: number) {
    const names = header.map((h) => h.trim());
    const pick = (what: keyof typeof DEFAULT_KEYS, explicit: string | undefined, flag: string) => {
      const candidates = explicit === undefined ? DEFAULT_KEYS[what] : [explicit];
      for (const c of candidates) {
        const i = names.indexOf(c);
        if (i >= 0) return i;
      }
      throw invalidAt(
        this.file,
        line,
        `no ${what} column (looked for ${candidates.join(', ')}; name it with ${flag}); the header has ${names.join(', ')}`,
      );
    };
    return {
      case: pick('case', this.options.caseKey, '--case'),
      activity: pick('activity', this.options.activityKey, '--activity'),
      timestamp: pick('timestamp', this.options.timestampKey, '--timestamp'),
    };
  }

  private add(row: Row): void {
    if (this.header === undefined) {
      this.header = row.cells;
      this.columns = this.resolve(row.cells, row.line);
      return;
    }
    const header = this.header;
    const columns = this.columns!;
    if (row.error !== undefined) throw invalidAt(this.file, row.line, row.error);
    if (row.cells.length !== header.length) {
      throw invalidAt(
        this.file,
        row.line,
        `expected ${header.length} cells as in the header, found ${row.cells.length}`,
      );
    }
    const id = row.cells[columns.case]!.trim();
    if (id === '')
      throw invalidAt(this.file, row.line, `the case id (${header[columns.case]}) is empty`);
    const activity = row.cells[columns.activity]!.trim();
    if (activity === '') {
      throw invalidAt(this.file, row.line, `the activity (${header[columns.activity]}) is empty`);
    }
    const timestamp = readTimestamp(
      this.file,
      row.line,
      header[columns.timestamp]!,
      row.cells[columns.timestamp],
    );
    const event: TLogEvent = { activity, timestamp, line: row.line };
    if (this.options.keepAttributes) {
      const rest: Record<string, string> = {};
      header.forEach((name, i) => {
        const key = name.trim();
        const cell = row.cells[i]!;
        // A nameless column (a row index exported by pandas) is not an attribute.
        if (
          key !== '' &&
          i !== columns.case &&
          i !== columns.activity &&
          i !== columns.timestamp &&
          cell !== ''
        )
          rest[key] = cell;
      });
      event.attributes = rest;
    }
    let c = this.cases.get(id);
    if (c === undefined) {
      c = { id, line: row.line, events: [] };
      this.cases.set(id, c);
    }
    c.events.push(event);
  }
}
