import { invalid } from '../../core/errors.ts';
import { setOwn } from '../segment/json-object.ts';

/** The event fields a column (CSV) or a top-level field (NDJSON) can be mapped to. */
export const MAPPING_FIELDS = [
  'type',
  'event',
  'userId',
  'anonymousId',
  'timestamp',
  'messageId',
  'text',
  'value',
  'path',
  'utmSource',
  'utmMedium',
  'utmCampaign',
  'channel',
] as const;
export type TMappingField = (typeof MAPPING_FIELDS)[number];

/**
 * Which source column feeds which event field. Values are column names (CSV header cells, or
 * top-level field names of an NDJSON line). `properties` and `traits` map a property or trait
 * name to its column: `{ properties: { plan: 'subscription_plan' } }`.
 */
export interface TImportMapping {
  type?: string;
  event: string;
  userId?: string;
  anonymousId?: string;
  timestamp: string;
  messageId?: string;
  text?: string;
  value?: string;
  path?: string;
  utmSource?: string;
  utmMedium?: string;
  utmCampaign?: string;
  channel?: string;
  properties?: Record<string, string>;
  traits?: Record<string, string>;
}

/** What the user states with `--map`; the rest is derived from the header. */
export type TMappingOverrides = Partial<TImportMapping>;

/**
 * Header names recognised without `--map`, best first. Compared ignoring case, `_`, `-` and
 * spaces, so `Event Name`, `event_name` and `eventName` all match `eventname`. `type` is not
 * recognised on purpose: a column called type is more often a product type than a Segment call
 * type, and a default mapping cannot be undone from the command line.
 */
const HEADER_NAMES: Partial<Record<TMappingField, readonly string[]>> = {
  event: ['event', 'eventname', 'activity', 'activityname'],
  userId: ['userid', 'customerid', 'caseid', 'case'],
  anonymousId: ['anonymousid'],
  timestamp: ['timestamp', 'time', 'ts', 'date', 'datetime'],
  messageId: ['messageid'],
  path: ['path', 'pagepath'],
  utmSource: ['utmsource'],
  utmMedium: ['utmmedium'],
  utmCampaign: ['utmcampaign'],
};

/** Where a mapped column lands inside properties, for the fields that live there. */
export const PROPERTY_FIELDS: Partial<Record<TMappingField, string>> = {
  text: 'text',
  value: 'value',
};

function squash(name: string): string {
  return name.toLowerCase().replace(/[\s_-]/g, '');
}

function mapError(message: string): never {
  throw invalid(message, [{ path: 'map', message }]);
}

/**
 * Parses `--map TARGET=COLUMN` arguments. TARGET is an event field (`event`, `userId`,
 * `timestamp`, … matched ignoring case and `_`), `properties.NAME` or `traits.NAME`.
 * Throws AppError 400 `invalid` on an unknown target, a missing `=` or a target mapped twice.
 *
 * @example parseMappingArgs(['event=activity', 'userId=case_id', 'properties.plan=tier'])
 * // { event: 'activity', userId: 'case_id', properties: { plan: 'tier' } }
 */
export function parseMappingArgs(list: readonly string[]): TMappingOverrides {
  const mapping: TMappingOverrides = {};
  const seen = new Set<string>();
  for (const arg of list) {
    const eq = arg.indexOf('=');
    if (eq < 0) mapError(`--map ${arg}: expected TARGET=COLUMN`);
    const target = arg.slice(0, eq).trim();
    const column = arg.slice(eq + 1).trim();
    if (column === '') mapError(`--map ${arg}: the column name is empty`);
    const nested = /^(properties|traits)\.(.+)$/.exec(target);
    const field = MAPPING_FIELDS.find((f) => squash(f) === squash(target));
    const key = nested ? `${nested[1]}.${nested[2]}` : field;
    if (key === undefined) {
      mapError(
        `--map ${arg}: unknown target '${target}'; use one of ${MAPPING_FIELDS.join(', ')}, ` +
          'properties.NAME or traits.NAME',
      );
    }
    if (seen.has(key)) mapError(`--map: ${key} is mapped more than once`);
    seen.add(key);
    if (nested) {
      const group = nested[1] as 'properties' | 'traits';
      mapping[group] ??= {};
      setOwn(mapping[group], nested[2], column);
    } else if (field !== undefined) {
      mapping[field] = column;
    }
  }
  return mapping;
}

/**
 * Names every header cell: trimmed, and `column_N` (1-based) for an empty one so that a trailing
 * delimiter does not leave a nameless column. Throws on duplicate names, which would make a
 * mapping ambiguous.
 */
export function nameColumns(header: readonly string[]): string[] {
  const names = header.map((cell, i) => cell.trim() || `column_${i + 1}`);
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw invalid(`the header names column '${name}' more than once`, [
        { path: 'header', message: `duplicate column ${name}` },
      ]);
    }
    seen.add(name);
  }
  return names;
}

/**
 * The complete mapping for a CSV header: the stated overrides, then recognised header names for
 * the fields left unmapped, then every remaining column as a property under its own name.
 * Throws AppError 400 `invalid` when a mapped column is not in the header, when no column gives
 * the event name, the timestamp or a user id, or when two columns would fill the same property.
 *
 * @example
 * resolveCsvMapping(['case_id', 'activity', 'time', 'plan'], {})
 * // { userId: 'case_id', event: 'activity', timestamp: 'time', properties: { plan: 'plan' } }
 */
export function resolveCsvMapping(
  header: readonly string[],
  overrides: TMappingOverrides = {},
): TImportMapping {
  const columns = nameColumns(header);
  const has = new Set(columns);
  const used = new Set<string>();
  const need = (column: string, target: string) => {
    if (!has.has(column)) {
      mapError(
        `column '${column}' (mapped to ${target}) is not in the header: ${columns.join(', ')}`,
      );
    }
    used.add(column);
  };
  const fields: Partial<Record<TMappingField, string>> = {};
  for (const field of MAPPING_FIELDS) {
    const column = overrides[field];
    if (column !== undefined) {
      need(column, field);
      fields[field] = column;
    }
  }
  for (const group of ['properties', 'traits'] as const) {
    for (const [name, column] of Object.entries(overrides[group] ?? {}))
      need(column, `${group}.${name}`);
  }
  for (const field of MAPPING_FIELDS) {
    if (fields[field] !== undefined) continue;
    for (const candidate of HEADER_NAMES[field] ?? []) {
      const column = columns.find((c) => !used.has(c) && squash(c) === candidate);
      if (column !== undefined) {
        fields[field] = column;
        used.add(column);
        break;
      }
    }
  }
  const hint = (field: string) => `name one with --map ${field}=COLUMN`;
  if (fields.event === undefined) mapError(`no column gives the event name; ${hint('event')}`);
  if (fields.timestamp === undefined)
    mapError(`no column gives the timestamp; ${hint('timestamp')}`);
  if (fields.userId === undefined && fields.anonymousId === undefined) {
    mapError(`no column gives a user id; ${hint('userId')} or anonymousId=COLUMN`);
  }
  const properties: Record<string, string> = {};
  const taken = new Map<string, string>();
  for (const [field, name] of Object.entries(PROPERTY_FIELDS)) {
    const column = fields[field as TMappingField];
    if (column !== undefined) taken.set(name, column);
  }
  for (const [name, column] of Object.entries(overrides.properties ?? {})) {
    if (taken.has(name)) {
      mapError(`properties.${name} would be filled by both '${taken.get(name)}' and '${column}'`);
    }
    taken.set(name, column);
    setOwn(properties, name, column);
  }
  for (const column of columns) {
    if (used.has(column)) continue;
    const other = taken.get(column);
    if (other !== undefined) {
      mapError(
        `column '${column}' would overwrite properties.${column}, filled from '${other}'; ` +
          `map it elsewhere with --map properties.NAME=${column}`,
      );
    }
    setOwn(properties, column, column);
  }
  return {
    ...fields,
    event: fields.event,
    timestamp: fields.timestamp,
    properties,
    ...(overrides.traits === undefined ? {} : { traits: overrides.traits }),
  };
}
