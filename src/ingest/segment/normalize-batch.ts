import { invalid } from '../../core/errors.ts';
import type { TJsonObject } from '../../core/schemas/common.ts';
import { EVENT_TYPES, type TEventType, type TNormalizedEvent } from '../../core/schemas/event.ts';
import { copyOwn, getOwn, isJsonObject, setOwn, withDefaults } from './json-object.ts';
import { normalizeEvent, type TIngestError } from './normalize-event.ts';
import { parseIsoTimestamp } from './parse-timestamp.ts';

/** One batch item that was not accepted; `index` is its position in `batch`. */
export interface TBatchRejection extends TIngestError {
  index: number;
}

export interface TBatchResult {
  accepted: TNormalizedEvent[];
  /** The position in `batch` of each accepted event. */
  acceptedIndexes: number[];
  rejected: TBatchRejection[];
  /** Items dropped because an earlier accepted item of the batch had the same messageId. */
  duplicates: number;
}

/** What the batch envelope lends to every item that lacks its own. */
interface TBatchDefaults {
  context: TJsonObject | undefined;
  integrations: TJsonObject | undefined;
  sentAt: string | undefined;
}

function isEventType(value: unknown): value is TEventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

function envelopeObject(payload: TJsonObject, key: string): TJsonObject | undefined {
  const value = getOwn(payload, key);
  if (value === undefined || value === null) return undefined;
  if (!isJsonObject(value)) {
    throw invalid(`${key} must be an object`, [{ path: key, message: 'must be an object' }]);
  }
  return value;
}

function readDefaults(payload: TJsonObject): TBatchDefaults {
  const sentAt = getOwn(payload, 'sentAt');
  if (sentAt !== undefined && sentAt !== null) {
    if (typeof sentAt !== 'string' || parseIsoTimestamp(sentAt) === null) {
      throw invalid('sentAt must be an ISO-8601 date-time', [
        { path: 'sentAt', message: 'must be an ISO-8601 date-time' },
      ]);
    }
  }
  return {
    context: envelopeObject(payload, 'context'),
    integrations: envelopeObject(payload, 'integrations'),
    sentAt: typeof sentAt === 'string' ? sentAt : undefined,
  };
}

/**
 * The item completed with the envelope's context and integrations; the item's own values win,
 * key by key. A copy is made only when something is added. The envelope's sentAt is passed to
 * normalizeEvent separately, so that the common batch (only sentAt at the top) copies nothing.
 */
function applyDefaults(item: TJsonObject, defaults: TBatchDefaults): TJsonObject {
  const additions: Array<[string, unknown]> = [];
  for (const key of ['context', 'integrations'] as const) {
    if (defaults[key] === undefined) continue;
    const own = getOwn(item, key);
    if (own !== undefined && own !== null && !isJsonObject(own)) {
      continue; // an invalid value that normalizeEvent reports as is
    }
    additions.push([key, withDefaults(isJsonObject(own) ? own : undefined, defaults[key])]);
  }
  if (additions.length === 0) return item;
  const merged = copyOwn(item);
  for (const [key, value] of additions) setOwn(merged, key, value);
  return merged;
}

/**
 * Validates and normalizes a `/v1/batch` body: `{ batch: [...], context?, integrations?, sentAt? }`
 * where each item names its own `type`. The envelope's context and integrations apply to every
 * item (the item's own keys win) and its sentAt serves items without one, as analytics-node and
 * the mobile libraries send it at batch level.
 *
 * `itemBytes`, when the caller knows each item's size as sent (see batchSpans), spares measuring
 * them again for the 32 KB limit.
 *
 * Items are judged one by one: bad items are reported in `rejected` and do not sink the rest.
 * An item whose messageId repeats an accepted one is a re-send: it is dropped silently and
 * counted in `duplicates`. Only a malformed envelope throws (AppError 400 `invalid`).
 *
 * @example
 * normalizeBatch({ batch: [{ type: 'track', userId: 'u1', event: 'Signed Up' }] }, Date.now())
 * // { accepted: [ … ], rejected: [], duplicates: 0 }
 */
export function normalizeBatch(
  payload: unknown,
  receivedAt: number,
  options: { itemBytes?: readonly number[] } = {},
): TBatchResult {
  if (!isJsonObject(payload)) {
    throw invalid('the body must be a JSON object', [{ path: '', message: 'must be an object' }]);
  }
  const batch = getOwn(payload, 'batch');
  if (!Array.isArray(batch)) {
    throw invalid('batch must be an array', [{ path: 'batch', message: 'must be an array' }]);
  }
  if (batch.length === 0) {
    throw invalid('batch must not be empty', [{ path: 'batch', message: 'must not be empty' }]);
  }
  const defaults = readDefaults(payload);
  const result: TBatchResult = { accepted: [], acceptedIndexes: [], rejected: [], duplicates: 0 };
  const seen = new Set<string>();
  batch.forEach((item: unknown, index) => {
    if (!isJsonObject(item)) {
      result.rejected.push({
        index,
        code: 'invalid_type',
        field: 'payload',
        message: 'must be an object',
      });
      return;
    }
    const type = getOwn(item, 'type');
    if (!isEventType(type)) {
      const absent = type === undefined || type === null;
      result.rejected.push({
        index,
        code: absent ? 'required' : 'invalid_type',
        field: 'type',
        message: absent ? 'type is required' : `type must be one of ${EVENT_TYPES.join(', ')}`,
      });
      return;
    }
    const completed = applyDefaults(item, defaults);
    const normalized = normalizeEvent(type, completed, receivedAt, {
      sentAt: defaults.sentAt,
      bytes: options.itemBytes?.[index],
    });
    if (!normalized.ok) {
      result.rejected.push({ index, ...normalized.error });
    } else if (seen.has(normalized.event.messageId)) {
      result.duplicates += 1;
    } else {
      seen.add(normalized.event.messageId);
      result.accepted.push(normalized.event);
      result.acceptedIndexes.push(index);
    }
  });
  return result;
}
