import { AppError } from '../errors.ts';
import type { TPath } from './types.ts';

/** One record of a path file, split into cells, with the line it starts on. */
export interface TPathRecord {
  line: number;
  cells: readonly string[];
}

/** Where each field sits in a record; value and null columns are optional. */
export interface TPathColumns {
  count: number;
  path: number;
  conversions: number;
  value: number | undefined;
  nulls: number | undefined;
}

export const PATH_COLUMNS = {
  path: 'path',
  conversions: 'total_conversions',
  value: 'total_conversion_value',
  nulls: 'total_null',
} as const;

const lineError = (line: number, message: string) =>
  new AppError(400, 'invalid', `line ${line}: ${message}`);

/**
 * Finds the columns of a path file by their header names (`path`, `total_conversions`,
 * `total_conversion_value`, `total_null`, in any order, ignoring case). The last two may be
 * missing and then count as 0.
 *
 * @example readPathHeader({ line: 1, cells: ['path', 'total_conversions'] })
 * // { count: 2, path: 0, conversions: 1, value: undefined, nulls: undefined }
 */
export function readPathHeader(header: TPathRecord): TPathColumns {
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const find = (name: string) => {
    const i = names.indexOf(name);
    return i < 0 ? undefined : i;
  };
  const path = find(PATH_COLUMNS.path);
  const conversions = find(PATH_COLUMNS.conversions);
  if (path === undefined || conversions === undefined) {
    throw lineError(
      header.line,
      `the header must name the columns ${Object.values(PATH_COLUMNS).join(', ')} (the last two optional); found ${header.cells.join(', ')}`,
    );
  }
  return {
    count: names.length,
    path,
    conversions,
    value: find(PATH_COLUMNS.value),
    nulls: find(PATH_COLUMNS.nulls),
  };
}

function readCount(record: TPathRecord, index: number | undefined, name: string): number {
  if (index === undefined) return 0;
  const cell = record.cells[index]!.trim();
  const n = cell === '' ? Number.NaN : Number(cell);
  if (!Number.isFinite(n) || n < 0) {
    throw lineError(
      record.line,
      `${name} must be a number at least 0 (got ${JSON.stringify(cell)})`,
    );
  }
  return n;
}

/**
 * Reads one path record: the path is split on `pathSeparator` and each channel trimmed.
 * Throws an AppError naming the line on a wrong cell count, an empty path or channel, or a count
 * that is not a non-negative number.
 *
 * @example readPathRecord(columns, { line: 2, cells: ['a > b', '1', '2.5', '3'] }, ' > ')
 * // { channels: ['a', 'b'], conversions: 1, value: 2.5, nulls: 3 }
 */
export function readPathRecord(
  columns: TPathColumns,
  record: TPathRecord,
  pathSeparator: string,
): TPath {
  if (record.cells.length !== columns.count) {
    throw lineError(
      record.line,
      `expected ${columns.count} cells as in the header, found ${record.cells.length} (is the separator right?)`,
    );
  }
  const text = record.cells[columns.path]!.trim();
  if (text === '') throw lineError(record.line, 'the path is empty');
  const channels = text.split(pathSeparator).map((c) => c.trim());
  if (channels.some((c) => c === '')) {
    throw lineError(
      record.line,
      `the path ${JSON.stringify(text)} has an empty channel (path separator ${JSON.stringify(pathSeparator)})`,
    );
  }
  return {
    channels,
    conversions: readCount(record, columns.conversions, PATH_COLUMNS.conversions),
    value: readCount(record, columns.value, PATH_COLUMNS.value),
    nulls: readCount(record, columns.nulls, PATH_COLUMNS.nulls),
  };
}

/**
 * Reads a whole path file given as records, the first being the header.
 *
 * @example parsePathFile([{ line: 1, cells: ['path', 'total_conversions'] },
 *   { line: 2, cells: ['a > b', '1'] }]) // [{ channels: ['a', 'b'], conversions: 1, value: 0, nulls: 0 }]
 */
export function parsePathFile(
  records: Iterable<TPathRecord>,
  options: { pathSeparator?: string } = {},
): TPath[] {
  const separator = options.pathSeparator ?? ' > ';
  if (separator.length === 0) {
    throw new AppError(400, 'usage', 'the path separator must not be empty');
  }
  let columns: TPathColumns | undefined;
  const paths: TPath[] = [];
  for (const record of records) {
    if (columns === undefined) columns = readPathHeader(record);
    else paths.push(readPathRecord(columns, record, separator));
  }
  if (columns === undefined) throw new AppError(400, 'invalid', 'the file is empty: no header');
  return paths;
}
