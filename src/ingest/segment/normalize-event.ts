import { randomUUID } from 'node:crypto';
import type { TJsonObject } from '../../core/schemas/common.ts';
import type { TEventType, TNormalizedEvent } from '../../core/schemas/event.ts';
import { getOwn, isJsonObject } from './json-object.ts';
import { liftFields } from './lift-fields.ts';
import { MAX_EVENT_BYTES, MAX_MESSAGE_ID } from './limits.ts';
import { parseIsoTimestamp } from './parse-timestamp.ts';

/** Stable codes of a rejected event; `field` names the offending top-level field. */
export type TIngestErrorCode =
  | 'invalid_payload'
  | 'invalid_type'
  | 'required'
  | 'too_long'
  | 'invalid_timestamp'
  | 'event_too_large';

export interface TIngestError {
  code: TIngestErrorCode;
  field: string;
  message: string;
}

export type TNormalizeResult =
  | { ok: true; event: TNormalizedEvent }
  | { ok: false; error: TIngestError };

class Rejection {
  constructor(readonly error: TIngestError) {}
}

function reject(code: TIngestErrorCode, field: string, message: string): never {
  throw new Rejection({ code, field, message });
}

/** JSON `null` and an absent key mean the same: not given. */
function given(payload: TJsonObject, key: string): unknown {
  const value = getOwn(payload, key);
  return value === null ? undefined : value;
}

/**
 * An identifier: a string, or a number converted to one as Segment does (`42` → `"42"`).
 * An empty string counts as absent.
 */
function readId(payload: TJsonObject, key: string): string | null {
  const value = given(payload, key);
  if (value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return reject('invalid_type', key, `${key} must be a string or a number`);
}

function requireId(payload: TJsonObject, key: string, type: TEventType): string {
  return readId(payload, key) ?? reject('required', key, `${key} is required for ${type} calls`);
}

function readObject(payload: TJsonObject, key: string): TJsonObject {
  const value = given(payload, key);
  if (value === undefined) return {};
  if (!isJsonObject(value)) return reject('invalid_type', key, `${key} must be an object`);
  return value;
}

function readTimestamp(payload: TJsonObject, key: string): number | null {
  const value = given(payload, key);
  if (value === undefined) return null;
  const ms = typeof value === 'string' ? parseIsoTimestamp(value) : null;
  return ms ?? reject('invalid_timestamp', key, `${key} must be an ISO-8601 date-time`);
}

/**
 * When the event happened. `timestamp` is taken as sent. Without it, `originalTimestamp` is the
 * device's clock; if the device also says when it sent the message (`sentAt`), its clock skew is
 * removed as Segment does: timestamp = receivedAt - (sentAt - originalTimestamp).
 */
function resolveTimestamp(
  payload: TJsonObject,
  receivedAt: number,
  defaultSentAt: string | undefined,
): number {
  const timestamp = readTimestamp(payload, 'timestamp');
  if (timestamp !== null) {
    // The others play no part then, but a malformed one is still an error.
    readTimestamp(payload, 'originalTimestamp');
    readTimestamp(payload, 'sentAt');
    return timestamp;
  }
  const original = readTimestamp(payload, 'originalTimestamp');
  const ownSentAt = readTimestamp(payload, 'sentAt');
  const sentAt =
    ownSentAt ?? (defaultSentAt === undefined ? null : parseIsoTimestamp(defaultSentAt));
  if (original === null) return receivedAt;
  return sentAt === null ? original : receivedAt - (sentAt - original);
}

function measureBytes(payload: TJsonObject): number {
  try {
    return Buffer.byteLength(JSON.stringify(payload), 'utf8');
  } catch {
    return reject('invalid_payload', 'payload', 'payload is not serializable as JSON');
  }
}

function readMessageId(payload: TJsonObject): string {
  // A generated id cannot be recognised when the same event is re-sent; libraries always send one.
  const messageId = readId(payload, 'messageId') ?? randomUUID();
  if (messageId.length > MAX_MESSAGE_ID) {
    reject('too_long', 'messageId', `messageId must be at most ${MAX_MESSAGE_ID} characters`);
  }
  return messageId;
}

/** Track: the event name. Page/screen: the name, else properties.name, else ''. */
function readEventName(type: TEventType, payload: TJsonObject, properties: TJsonObject): string {
  if (type === 'track') {
    const event = given(payload, 'event');
    if (event === undefined || event === '') reject('required', 'event', 'event is required');
    if (typeof event !== 'string') return reject('invalid_type', 'event', 'event must be a string');
    return event;
  }
  if (type === 'page' || type === 'screen') {
    const name = getOwn(payload, 'name');
    if (typeof name === 'string') return name;
    const propName = getOwn(properties, 'name');
    return typeof propName === 'string' ? propName : '';
  }
  return '';
}

/** What a caller may know about an event beyond its payload. */
export interface TNormalizeOptions {
  /** The payload's size as sent, when known; otherwise it is measured by serializing it. */
  bytes?: number;
  /** The sentAt of the batch the event came in, for events without their own. */
  sentAt?: string;
}

function normalizeOrThrow(
  type: TEventType,
  payload: unknown,
  receivedAt: number,
  options: TNormalizeOptions,
): TNormalizedEvent {
  if (!isJsonObject(payload)) return reject('invalid_type', 'payload', 'payload must be an object');
  const bytes = options.bytes ?? measureBytes(payload);
  if (bytes > MAX_EVENT_BYTES) {
    reject(
      'event_too_large',
      'payload',
      `event is ${bytes} bytes; the limit is ${MAX_EVENT_BYTES}`,
    );
  }
  const properties = readObject(payload, 'properties');
  const traits = readObject(payload, 'traits');
  const context = readObject(payload, 'context');
  const userId = readId(payload, 'userId');
  const anonymousId = readId(payload, 'anonymousId');
  if (userId === null && anonymousId === null) {
    reject('required', 'userId', 'userId or anonymousId is required');
  }
  const event = readEventName(type, payload, properties);
  const previousId = type === 'alias' ? requireId(payload, 'previousId', type) : null;
  if (type === 'alias') requireId(payload, 'userId', type);
  const groupId = type === 'group' ? requireId(payload, 'groupId', type) : null;
  const lifted = liftFields(type, properties, traits, context);
  // Every field named in one literal, no spread: the object stays in V8's fast shape, which the
  // journal's JSON.stringify of every event depends on.
  return {
    messageId: readMessageId(payload),
    type,
    event,
    userId,
    anonymousId,
    previousId,
    groupId,
    timestamp: resolveTimestamp(payload, receivedAt, options.sentAt),
    receivedAt,
    path: lifted.path,
    url: lifted.url,
    referrer: lifted.referrer,
    utmSource: lifted.utmSource,
    utmMedium: lifted.utmMedium,
    utmCampaign: lifted.utmCampaign,
    channel: lifted.channel,
    text: lifted.text,
    value: lifted.value,
    email: lifted.email,
    properties,
    traits,
    context,
  };
}

/**
 * Validates one Segment HTTP tracking API call and normalizes it into the stored shape. Pure but
 * for the random messageId it generates when the caller sent none. The returned objects
 * (`properties`, `traits`, `context`) are the payload's own, not copies.
 *
 * @example
 * normalizeEvent('track', { userId: 'u1', event: 'Order Completed', properties: { revenue: 30 } },
 *   Date.now()) // { ok: true, event: { event: 'Order Completed', value: 30, … } }
 */
export function normalizeEvent(
  type: TEventType,
  payload: unknown,
  receivedAt: number,
  options: TNormalizeOptions = {},
): TNormalizeResult {
  try {
    return { ok: true, event: normalizeOrThrow(type, payload, receivedAt, options) };
  } catch (error) {
    if (error instanceof Rejection) return { ok: false, error: error.error };
    throw error;
  }
}
