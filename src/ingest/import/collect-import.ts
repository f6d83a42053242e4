import type { TEventType, TNormalizedEvent } from '../../core/schemas/event.ts';
import { getOwn } from '../segment/json-object.ts';
import { normalizeEvent } from '../segment/normalize-event.ts';
import type { Row } from './csv-parser.ts';
import { MAPPING_FIELDS, type TImportMapping, type TMappingOverrides } from './mapping.ts';
import { ndjsonLineToPayload, type TLine } from './ndjson.ts';
import { quote, type TImportError, type TRowResult } from './payload-fields.ts';
import { rowToPayload } from './row-to-payload.ts';

export interface TImportOptions {
  /** How many errors to keep (all are counted in errorCount). Default 100. */
  maxErrors?: number;
  /** Keep accepted events in the result. Default true; a validation-only pass sets false. */
  keepEvents?: boolean;
}

export interface TImportResult {
  events: TNormalizedEvent[];
  /** The first `maxErrors` errors, in file order. */
  errors: TImportError[];
  errorCount: number;
  /** Records that were neither blank nor skipped. */
  rows: number;
  /** Valid records dropped because an earlier one had the same messageId. */
  duplicates: number;
}

/** What collectImport reads: CSV records with their header and mapping, or NDJSON lines. */
export type TImportSource =
  | { format: 'csv'; header: readonly string[]; mapping: TImportMapping; rows: Iterable<Row> }
  | { format: 'ndjson'; mapping?: TMappingOverrides; lines: Iterable<TLine> };

/**
 * Validates records one at a time, for files too large to hold: feed it what rowToPayload or
 * ndjsonLineToPayload return. Errors carry the source line and, when known, the column.
 * An import must refuse the whole file when `errorCount > 0`; nothing here imports anything.
 */
export class ImportCollector {
  private readonly state: TImportResult = {
    events: [],
    errors: [],
    errorCount: 0,
    rows: 0,
    duplicates: 0,
  };
  private readonly seen = new Set<string>();
  private readonly maxErrors: number;
  private readonly keepEvents: boolean;

  constructor(
    private readonly mapping: TMappingOverrides,
    private readonly receivedAt: number,
    options: TImportOptions = {},
  ) {
    this.maxErrors = options.maxErrors ?? 100;
    this.keepEvents = options.keepEvents ?? true;
  }

  /** Judges one record; returns its event when it is valid and new, else null. */
  add(record: TRowResult | null): TNormalizedEvent | null {
    if (record === null) return null;
    this.state.rows += 1;
    if (!record.ok) {
      this.addError(record.error);
      return null;
    }
    const { payload, line } = record;
    const type = getOwn(payload, 'type') as TEventType;
    const normalized = normalizeEvent(type, payload, this.receivedAt);
    if (!normalized.ok) {
      const { field, message } = normalized.error;
      const value = getOwn(payload, field);
      const shown =
        value === undefined || typeof value === 'object' ? '' : ` (got ${quote(value)})`;
      const error: TImportError = { line, field, message: `${message}${shown}` };
      const column = this.columnOf(field);
      if (column !== undefined) error.column = column;
      this.addError(error);
      return null;
    }
    const { event } = normalized;
    if (this.seen.has(event.messageId)) {
      this.state.duplicates += 1;
      return null;
    }
    this.seen.add(event.messageId);
    if (this.keepEvents) this.state.events.push(event);
    return event;
  }

  result(): TImportResult {
    return this.state;
  }

  private addError(error: TImportError): void {
    this.state.errorCount += 1;
    if (this.state.errors.length < this.maxErrors) this.state.errors.push(error);
  }

  private columnOf(field: string): string | undefined {
    const known = MAPPING_FIELDS.find((f) => f === field);
    return known === undefined ? undefined : this.mapping[known];
  }
}

/**
 * Validates a whole import: every record becomes an event or an error with its line number.
 * The CLI imports nothing when `errorCount > 0` and prints the first errors.
 *
 * @example
 * const [head, ...rows] = parseCsv(text);
 * const mapping = resolveCsvMapping(head.cells, parseMappingArgs(['userId=case_id']));
 * const { events, errors } = collectImport(
 *   { format: 'csv', header: head.cells, mapping, rows }, Date.now());
 */
export function collectImport(
  source: TImportSource,
  receivedAt: number,
  options?: TImportOptions,
): TImportResult {
  const mapping = source.mapping ?? {};
  const collector = new ImportCollector(mapping, receivedAt, options);
  if (source.format === 'csv') {
    for (const row of source.rows) collector.add(rowToPayload(source.header, row, source.mapping));
  } else {
    for (const line of source.lines)
      collector.add(ndjsonLineToPayload(line.text, line.line, mapping));
  }
  return collector.result();
}
