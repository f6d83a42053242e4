import type { TJsonObject } from '../../core/schemas/common.ts';
import { getOwn, isJsonObject, setOwn } from '../segment/json-object.ts';
import { MAPPING_FIELDS, type TMappingOverrides } from './mapping.ts';
import {
  childObject,
  contentMessageId,
  epochToIso,
  placeField,
  quote,
  readType,
  rowError,
  type TRowResult,
} from './payload-fields.ts';

/** One line of a text file with its 1-based number. */
export interface TLine {
  line: number;
  text: string;
}

/**
 * Splits streamed text into lines (LF or CRLF), keeping line numbers. Feed it decoded chunks.
 *
 * @example
 * const lines = new LineSplitter();
 * lines.push('{"a":1}\n{"b"');  // [{ line: 1, text: '{"a":1}' }]
 * lines.push(':2}\n');          // [{ line: 2, text: '{"b":2}' }]
 */
export class LineSplitter {
  private buffer = '';
  private line = 0;

  push(chunk: string): TLine[] {
    this.buffer += chunk;
    const lines: TLine[] = [];
    let start = 0;
    let end = this.buffer.indexOf('\n', start);
    while (end >= 0) {
      lines.push(this.take(this.buffer.slice(start, end)));
      start = end + 1;
      end = this.buffer.indexOf('\n', start);
    }
    this.buffer = this.buffer.slice(start);
    return lines;
  }

  end(): TLine[] {
    const rest = this.buffer;
    this.buffer = '';
    return rest === '' ? [] : [this.take(rest)];
  }

  private take(text: string): TLine {
    this.line += 1;
    return { line: this.line, text: text.endsWith('\r') ? text.slice(0, -1) : text };
  }
}

/**
 * Top-level fields of a Segment message, kept where they are. Any other top-level field of a
 * line becomes a property, so that flat lines (`{"case":"c1","activity":"Call","plan":"pro"}`)
 * lose nothing. `name` and `category` belong to page and screen calls only.
 */
const SEGMENT_FIELDS = new Set([
  'event',
  'userId',
  'anonymousId',
  'previousId',
  'groupId',
  'messageId',
  'timestamp',
  'originalTimestamp',
  'sentAt',
  'receivedAt',
  'properties',
  'traits',
  'context',
  'integrations',
  'version',
  '_metadata',
  'writeKey',
  'projectId',
]);
const PAGE_FIELDS = new Set(['name', 'category']);

/** The source fields that a mapping reads, so that they are not copied a second time. */
function consumedFields(mapping: TMappingOverrides, typeKey: string): Set<string> {
  const consumed = new Set<string>([typeKey]);
  for (const field of MAPPING_FIELDS) {
    const column = mapping[field];
    if (column !== undefined) consumed.add(column);
  }
  for (const group of [mapping.properties, mapping.traits]) {
    for (const column of Object.values(group ?? {})) consumed.add(column);
  }
  return consumed;
}

/** Copies the mapped source fields that are present into payload[group]. */
function copyGroup(
  payload: TJsonObject,
  group: 'properties' | 'traits',
  columns: Record<string, string> | undefined,
  source: TJsonObject,
): void {
  const entries = Object.entries(columns ?? {}).filter(([, c]) => getOwn(source, c) !== undefined);
  const target = entries.length > 0 ? childObject(payload, group) : undefined;
  if (target === undefined) return;
  for (const [name, column] of entries) setOwn(target, name, getOwn(source, column));
}

/**
 * Turns one NDJSON line into a Segment-shaped payload for normalizeEvent; null for a blank line.
 * Lines are Segment messages or flat objects; `mapping` renames top-level fields
 * (`{ userId: 'case_id' }` reads userId from `case_id`) and may route fields into properties or
 * traits. A numeric timestamp is read as epoch seconds or milliseconds. Without a messageId, the
 * id is derived from the line's content.
 *
 * @example ndjsonLineToPayload('{"userId":"u1","event":"Signed Up","plan":"pro"}', 1)
 * // { ok: true, line: 1, payload: { type: 'track', userId: 'u1', …, properties: { plan: 'pro' } } }
 */
export function ndjsonLineToPayload(
  text: string,
  line: number,
  mapping: TMappingOverrides = {},
): TRowResult | null {
  if (text.trim() === '') return null;
  let source: unknown;
  try {
    source = JSON.parse(text);
  } catch (error) {
    return rowError(line, 'line', `not valid JSON (${(error as Error).message})`);
  }
  if (!isJsonObject(source)) return rowError(line, 'line', 'each line must be a JSON object');

  const typeKey = mapping.type ?? 'type';
  const type = readType(getOwn(source, typeKey));
  if (type === null) {
    return rowError(line, 'type', `not a call type: ${quote(getOwn(source, typeKey))}`, typeKey);
  }
  const payload: TJsonObject = { type };
  const extra: string[] = [];
  const consumed = consumedFields(mapping, typeKey);
  for (const key of Object.keys(source)) {
    if (consumed.has(key)) continue;
    const kept =
      SEGMENT_FIELDS.has(key) || ((type === 'page' || type === 'screen') && PAGE_FIELDS.has(key));
    if (kept) setOwn(payload, key, source[key]);
    else extra.push(key);
  }
  copyGroup(payload, 'properties', mapping.properties, source);
  copyGroup(payload, 'traits', mapping.traits, source);
  const properties = extra.length > 0 ? childObject(payload, 'properties') : undefined;
  // When properties is not an object, normalizeEvent reports it; the extras have nowhere to go.
  if (properties !== undefined) {
    for (const key of extra) {
      if (Object.hasOwn(properties, key)) {
        return rowError(line, key, `${key} is both a top-level field and a property`, key);
      }
      setOwn(properties, key, source[key]);
    }
  }
  for (const field of MAPPING_FIELDS) {
    const column = mapping[field];
    if (field === 'type' || column === undefined) continue;
    const value = getOwn(source, column);
    if (value !== undefined && value !== null && value !== '') {
      placeField(payload, type, field, value);
    }
  }
  if (getOwn(payload, 'timestamp') !== undefined) {
    setOwn(payload, 'timestamp', epochToIso(getOwn(payload, 'timestamp')));
  }
  const messageId = getOwn(payload, 'messageId');
  if (messageId === undefined || messageId === null || messageId === '') {
    setOwn(payload, 'messageId', contentMessageId(payload));
  }
  return { ok: true, line, payload };
}
