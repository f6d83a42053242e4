import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors.ts';
import { MAX_EVENT_BYTES } from './limits.ts';
import { normalizeBatch } from './normalize-batch.ts';

const RECEIVED = Date.UTC(2024, 5, 1, 12, 0, 0);

function batchError(payload: unknown): AppError {
  try {
    normalizeBatch(payload, RECEIVED);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError');
}

describe('normalizeBatch: the envelope', () => {
  it.each([
    ['a body that is not an object', [1, 2], ''],
    ['a missing batch', { events: [] }, 'batch'],
    ['a batch that is not an array', { batch: { type: 'track' } }, 'batch'],
    ['an empty batch', { batch: [] }, 'batch'],
    ['a context that is not an object', { batch: [{}], context: 'x' }, 'context'],
    ['integrations that are not an object', { batch: [{}], integrations: [] }, 'integrations'],
    ['an unparseable batch sentAt', { batch: [{}], sentAt: 'now' }, 'sentAt'],
  ])('throws a 400 invalid error naming the field for %s', (_label, payload, path) => {
    const error = batchError(payload);
    expect(error.status).toBe(400);
    expect(error.code).toBe('invalid');
    expect(error.details).toEqual([expect.objectContaining({ path })]);
  });
});

describe('normalizeBatch: items', () => {
  it('normalizes each item by its own type', () => {
    const result = normalizeBatch(
      {
        batch: [
          { type: 'identify', userId: 'u1', traits: { email: 'a@x.io' }, messageId: 'm1' },
          { type: 'track', userId: 'u1', event: 'Order Completed', messageId: 'm2' },
          { type: 'page', anonymousId: 'a1', name: 'Home', messageId: 'm3' },
        ],
      },
      RECEIVED,
    );
    expect(result.rejected).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.accepted.map((e) => [e.type, e.event, e.email])).toEqual([
      ['identify', '', 'a@x.io'],
      ['track', 'Order Completed', null],
      ['page', 'Home', null],
    ]);
  });

  it('rejects bad items by index and keeps the good ones', () => {
    const result = normalizeBatch(
      {
        batch: [
          { type: 'track', userId: 'u', event: 'ok' },
          'not an object',
          { userId: 'u', event: 'no type' },
          { type: 'purchase', userId: 'u' },
          { type: 'track', event: 'no id' },
          {
            type: 'track',
            userId: 'u',
            event: 'x',
            properties: { s: 'a'.repeat(MAX_EVENT_BYTES) },
          },
        ],
      },
      RECEIVED,
    );
    expect(result.accepted.map((e) => e.event)).toEqual(['ok']);
    expect(result.rejected).toEqual([
      { index: 1, code: 'invalid_type', field: 'payload', message: expect.any(String) },
      { index: 2, code: 'required', field: 'type', message: expect.any(String) },
      { index: 3, code: 'invalid_type', field: 'type', message: expect.any(String) },
      { index: 4, code: 'required', field: 'userId', message: expect.any(String) },
      { index: 5, code: 'event_too_large', field: 'payload', message: expect.any(String) },
    ]);
  });

  it('accepts a re-sent messageId once and counts the repeats as duplicates', () => {
    const item = { type: 'track', userId: 'u', event: 'Clicked', messageId: 'same' };
    const result = normalizeBatch(
      {
        batch: [item, { ...item, event: 'Changed' }, { ...item }, { ...item, messageId: 'other' }],
      },
      RECEIVED,
    );
    expect(result.accepted.map((e) => [e.messageId, e.event])).toEqual([
      ['same', 'Clicked'],
      ['other', 'Clicked'],
    ]);
    expect(result.duplicates).toBe(2);
    expect(result.rejected).toEqual([]);
  });

  it('does not treat an item as a duplicate of an earlier item that was rejected', () => {
    const result = normalizeBatch(
      {
        batch: [
          { type: 'track', userId: 'u', messageId: 'm' },
          { type: 'track', userId: 'u', event: 'fixed', messageId: 'm' },
        ],
      },
      RECEIVED,
    );
    expect(result.accepted.map((e) => e.event)).toEqual(['fixed']);
    expect(result.duplicates).toBe(0);
    expect(result.rejected).toHaveLength(1);
  });
});

describe('normalizeBatch: envelope defaults', () => {
  it('lends the envelope context to every item, the item keys winning', () => {
    const result = normalizeBatch(
      {
        context: {
          library: { name: 'analytics-node' },
          campaign: { source: 'batch' },
          ip: '1.1.1.1',
        },
        batch: [
          { type: 'track', userId: 'u', event: 'a' },
          { type: 'track', userId: 'u', event: 'b', context: { campaign: { source: 'item' } } },
        ],
      },
      RECEIVED,
    );
    const [a, b] = result.accepted;
    expect(a.context).toEqual({
      library: { name: 'analytics-node' },
      campaign: { source: 'batch' },
      ip: '1.1.1.1',
    });
    expect(a.utmSource).toBe('batch');
    expect(b.context).toEqual({
      campaign: { source: 'item' },
      library: { name: 'analytics-node' },
      ip: '1.1.1.1',
    });
    expect(b.utmSource).toBe('item');
  });

  it('does not modify the items it merges into', () => {
    const item = { type: 'track', userId: 'u', event: 'a', context: { locale: 'fr' } };
    normalizeBatch({ context: { ip: '1.1.1.1' }, batch: [item] }, RECEIVED);
    expect(item.context).toEqual({ locale: 'fr' });
  });

  it('counts the lent context toward the 32 KB limit of each item', () => {
    const result = normalizeBatch(
      {
        context: { blob: 'a'.repeat(MAX_EVENT_BYTES) },
        batch: [{ type: 'track', userId: 'u', event: 'a' }],
      },
      RECEIVED,
    );
    expect(result.rejected).toEqual([
      expect.objectContaining({ index: 0, code: 'event_too_large' }),
    ]);
  });

  it('still rejects an item whose own context is not an object', () => {
    const result = normalizeBatch(
      {
        context: { ip: '1.1.1.1' },
        batch: [{ type: 'track', userId: 'u', event: 'a', context: 3 }],
      },
      RECEIVED,
    );
    expect(result.rejected).toEqual([
      expect.objectContaining({ index: 0, code: 'invalid_type', field: 'context' }),
    ]);
  });

  it('uses the batch sentAt to remove clock skew from items without a timestamp', () => {
    const result = normalizeBatch(
      {
        sentAt: '2024-06-01T13:00:00Z',
        batch: [
          {
            type: 'track',
            userId: 'u',
            event: 'skewed',
            originalTimestamp: '2024-06-01T12:59:00Z',
          },
          {
            type: 'track',
            userId: 'u',
            event: 'own sentAt',
            originalTimestamp: '2024-06-01T12:59:00Z',
            sentAt: '2024-06-01T12:59:30Z',
          },
          { type: 'track', userId: 'u', event: 'exact', timestamp: '2024-01-01T00:00:00Z' },
        ],
      },
      RECEIVED,
    );
    expect(result.accepted.map((e) => e.timestamp)).toEqual([
      RECEIVED - 60_000,
      RECEIVED - 30_000,
      Date.UTC(2024, 0, 1),
    ]);
  });

  it('keeps a __proto__ key of the envelope context as a plain key', () => {
    const payload: unknown = JSON.parse(
      '{"context":{"__proto__":{"polluted":true}},"batch":[{"type":"track","userId":"u","event":"a",' +
        '"context":{"constructor":{"prototype":{"polluted":true}}}}]}',
    );
    const [event] = normalizeBatch(payload, RECEIVED).accepted;
    expect(Object.keys(event.context).sort()).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(event.context)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(JSON.parse(JSON.stringify(event.context))).toEqual(
      JSON.parse('{"constructor":{"prototype":{"polluted":true}},"__proto__":{"polluted":true}}'),
    );
  });
});
