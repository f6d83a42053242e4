import type { TJsonObject } from '../../core/schemas/common.ts';
import { setOwn } from '../segment/json-object.ts';
import type { Row } from './csv-parser.ts';
import { MAPPING_FIELDS, nameColumns, type TImportMapping } from './mapping.ts';
import {
  contentMessageId,
  placeField,
  quote,
  readType,
  rowError,
  type TRowResult,
} from './payload-fields.ts';

/** Column positions by name, computed once per header array. */
const indexes = new WeakMap<readonly string[], Map<string, number>>();

function columnIndex(header: readonly string[]): Map<string, number> {
  let index = indexes.get(header);
  if (index === undefined) {
    index = new Map(nameColumns(header).map((name, i) => [name, i]));
    indexes.set(header, index);
  }
  return index;
}

/** Copies the non-empty cells of `columns` into `target` under their mapped names. */
function fillGroup(
  target: TJsonObject,
  columns: Record<string, string> | undefined,
  cell: (column: string) => string,
): void {
  for (const [name, column] of Object.entries(columns ?? {})) {
    const value = cell(column);
    if (value !== '') setOwn(target, name, value);
  }
}

/**
 * Turns one CSV record into a Segment-shaped payload for normalizeEvent. An empty cell means
 * absent. Cells stay strings: `"00501"` is a zip code, not a number (normalizeEvent still reads
 * a numeric `value`). Without a messageId column, the id is derived from the row's content.
 *
 * @example
 * rowToPayload(['case_id', 'activity', 'time'], { line: 2, cells: ['c1', 'Call', '2024-01-02'] },
 *   { userId: 'case_id', event: 'activity', timestamp: 'time' })
 * // { ok: true, line: 2, payload: { type: 'track', userId: 'c1', event: 'Call', timestamp: … } }
 */
export function rowToPayload(
  header: readonly string[],
  row: Row,
  mapping: TImportMapping,
): TRowResult {
  if (row.error !== undefined) return rowError(row.line, 'row', row.error);
  if (row.cells.length !== header.length) {
    return rowError(
      row.line,
      'row',
      `expected ${header.length} cells as in the header, found ${row.cells.length}`,
    );
  }
  const index = columnIndex(header);
  const cell = (column: string): string => {
    const i = index.get(column);
    return i === undefined ? '' : row.cells[i];
  };
  const typeCell = mapping.type === undefined ? undefined : cell(mapping.type);
  const type = readType(typeCell);
  if (type === null) {
    return rowError(row.line, 'type', `not a call type: ${quote(typeCell)}`, mapping.type);
  }
  const payload: TJsonObject = { type };
  const properties: TJsonObject = {};
  const traits: TJsonObject = {};
  fillGroup(properties, mapping.properties, cell);
  fillGroup(traits, mapping.traits, cell);
  if (Object.keys(properties).length > 0) payload.properties = properties;
  if (Object.keys(traits).length > 0) payload.traits = traits;
  for (const field of MAPPING_FIELDS) {
    const column = mapping[field];
    if (field === 'type' || column === undefined) continue;
    const raw = cell(column);
    const value = field === 'text' ? raw : raw.trim();
    if (value !== '') placeField(payload, type, field, value);
  }
  if (payload.messageId === undefined) payload.messageId = contentMessageId(payload);
  return { ok: true, line: row.line, payload };
}
