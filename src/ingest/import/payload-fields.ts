import { createHash } from 'node:crypto';
import type { TJsonObject } from '../../core/schemas/common.ts';
import { EVENT_TYPES, type TEventType } from '../../core/schemas/event.ts';
import { getOwn, isJsonObject, setOwn } from '../segment/json-object.ts';
import type { TMappingField } from './mapping.ts';

/** A row or line that cannot be imported; `column` names the source column when one is known. */
export interface TImportError {
  line: number;
  field: string;
  column?: string;
  message: string;
}

/** A source record turned into a Segment-shaped payload, or the reason it could not be. */
export type TRowResult =
  | { ok: true; line: number; payload: TJsonObject }
  | { ok: false; line: number; error: TImportError };

export function rowError(
  line: number,
  field: string,
  message: string,
  column?: string,
): TRowResult {
  const error: TImportError = { line, field, message };
  if (column !== undefined) error.column = column;
  return { ok: false, line, error };
}

/** A value shown in an error message: quoted, and cut short when long. */
export function quote(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 57)}...` : text);
}

/** The call type named by a cell or field; empty means track. */
export function readType(value: unknown): TEventType | null {
  if (value === undefined || value === null) return 'track';
  if (typeof value !== 'string') return null;
  const type = value.trim().toLowerCase() || 'track';
  return (EVENT_TYPES as readonly string[]).includes(type) ? (type as TEventType) : null;
}

const EPOCH = /^\d+(?:\.\d+)?$/;

/**
 * Import files often carry epoch times. A number (or all-digit text) below 1e11 is read as
 * seconds, which covers dates up to the year 5138; anything larger as milliseconds. Other values
 * pass through for normalizeEvent to validate as ISO-8601.
 */
export function epochToIso(value: unknown): unknown {
  const n =
    typeof value === 'number'
      ? value
      : typeof value === 'string' && EPOCH.test(value)
        ? Number(value)
        : NaN;
  if (!Number.isFinite(n) || n < 0) return value;
  const ms = n < 1e11 ? n * 1000 : n;
  const date = new Date(Math.round(ms));
  return Number.isNaN(date.getTime()) ? value : date.toISOString();
}

/**
 * A messageId derived from the payload's content, so that importing the same file twice stores
 * each event once (the writer ignores a messageId it has seen). Identical rows collapse into one.
 */
export function contentMessageId(payload: TJsonObject): string {
  const digest = createHash('sha256').update(JSON.stringify(payload)).digest('hex');
  return `import-${digest.slice(0, 40)}`;
}

/** The own object under `key`, created when absent; undefined when the key holds a non-object. */
export function childObject(parent: TJsonObject, key: string): TJsonObject | undefined {
  const existing = getOwn(parent, key);
  if (isJsonObject(existing)) return existing;
  if (existing !== undefined && existing !== null) return undefined;
  const created: TJsonObject = {};
  setOwn(parent, key, created);
  return created;
}

const CAMPAIGN_KEYS = { utmSource: 'source', utmMedium: 'medium', utmCampaign: 'name' } as const;

/**
 * Puts a mapped value where normalizeEvent reads it: ids and times at the top level, the event
 * name as `name` for page and screen calls, text and value in properties, the path in
 * context.page, utm fields in context.campaign, the channel in context.channel.
 */
export function placeField(
  payload: TJsonObject,
  type: TEventType,
  field: Exclude<TMappingField, 'type'>,
  value: unknown,
): void {
  switch (field) {
    case 'event':
      setOwn(payload, type === 'page' || type === 'screen' ? 'name' : 'event', value);
      return;
    case 'timestamp':
      setOwn(payload, 'timestamp', epochToIso(value));
      return;
    case 'userId':
    case 'anonymousId':
    case 'messageId':
      setOwn(payload, field, value);
      return;
    case 'text':
    case 'value': {
      const properties = childObject(payload, 'properties');
      if (properties !== undefined) setOwn(properties, field, value);
      return;
    }
    case 'path': {
      const context = childObject(payload, 'context');
      const page = context && childObject(context, 'page');
      if (page !== undefined) setOwn(page, 'path', value);
      return;
    }
    case 'utmSource':
    case 'utmMedium':
    case 'utmCampaign': {
      const context = childObject(payload, 'context');
      const campaign = context && childObject(context, 'campaign');
      if (campaign !== undefined) setOwn(campaign, CAMPAIGN_KEYS[field], value);
      return;
    }
    case 'channel': {
      const context = childObject(payload, 'context');
      if (context !== undefined) setOwn(context, 'channel', value);
      return;
    }
  }
}
