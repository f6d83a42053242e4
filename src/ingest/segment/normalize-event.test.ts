import { describe, expect, it } from 'vitest';
import type { TEventType } from '../../core/schemas/event.ts';
import { MAX_EVENT_BYTES } from './limits.ts';
import { normalizeEvent } from './normalize-event.ts';

const RECEIVED = Date.UTC(2024, 5, 1, 12, 0, 0);

function accept(type: TEventType, payload: unknown) {
  const result = normalizeEvent(type, payload, RECEIVED);
  if (!result.ok) throw new Error(`expected acceptance, got ${JSON.stringify(result.error)}`);
  return result.event;
}

function refuse(type: TEventType, payload: unknown) {
  const result = normalizeEvent(type, payload, RECEIVED);
  if (result.ok) throw new Error('expected a rejection');
  return result.error;
}

describe('normalizeEvent: shape and identity', () => {
  it('normalizes a minimal track call', () => {
    const event = accept('track', {
      userId: 'u1',
      event: 'Signed Up',
      messageId: 'm-1',
      timestamp: '2024-05-01T10:00:00Z',
    });
    expect(event).toEqual({
      messageId: 'm-1',
      type: 'track',
      event: 'Signed Up',
      userId: 'u1',
      anonymousId: null,
      previousId: null,
      groupId: null,
      timestamp: Date.UTC(2024, 4, 1, 10),
      receivedAt: RECEIVED,
      path: null,
      url: null,
      referrer: null,
      utmSource: null,
      utmMedium: null,
      utmCampaign: null,
      channel: null,
      text: null,
      value: null,
      email: null,
      properties: {},
      traits: {},
      context: {},
    });
  });

  it.each([null, 'text', 42, [], true])(
    'rejects a payload that is not an object (%j)',
    (payload) => {
      expect(refuse('track', payload)).toMatchObject({ code: 'invalid_type', field: 'payload' });
    },
  );

  it('requires userId or anonymousId', () => {
    expect(refuse('track', { event: 'x' })).toMatchObject({ code: 'required', field: 'userId' });
    expect(refuse('track', { event: 'x', userId: '', anonymousId: null })).toMatchObject({
      code: 'required',
      field: 'userId',
    });
  });

  it('accepts an anonymousId alone', () => {
    const event = accept('page', { anonymousId: 'a1' });
    expect(event.anonymousId).toBe('a1');
    expect(event.userId).toBeNull();
  });

  it('converts numeric ids to strings as Segment does', () => {
    const event = accept('track', { userId: 42, anonymousId: 7.5, event: 'x' });
    expect(event.userId).toBe('42');
    expect(event.anonymousId).toBe('7.5');
  });

  it('rejects ids that are neither strings nor numbers', () => {
    expect(refuse('track', { userId: true, event: 'x' })).toMatchObject({
      code: 'invalid_type',
      field: 'userId',
    });
    expect(refuse('track', { userId: 'u', anonymousId: { id: 1 }, event: 'x' })).toMatchObject({
      field: 'anonymousId',
    });
  });
});

describe('normalizeEvent: per-type requirements', () => {
  it('requires a non-empty string event on track calls', () => {
    expect(refuse('track', { userId: 'u' })).toMatchObject({ code: 'required', field: 'event' });
    expect(refuse('track', { userId: 'u', event: '' })).toMatchObject({ field: 'event' });
    expect(refuse('track', { userId: 'u', event: 5 })).toMatchObject({
      code: 'invalid_type',
      field: 'event',
    });
  });

  it('requires previousId and userId on alias calls', () => {
    expect(refuse('alias', { userId: 'u' })).toMatchObject({
      code: 'required',
      field: 'previousId',
    });
    expect(refuse('alias', { anonymousId: 'a', previousId: 'p' })).toMatchObject({
      code: 'required',
      field: 'userId',
    });
    const event = accept('alias', { userId: 'u', previousId: 99 });
    expect(event).toMatchObject({ type: 'alias', event: '', previousId: '99', userId: 'u' });
  });

  it('requires groupId on group calls', () => {
    expect(refuse('group', { userId: 'u' })).toMatchObject({ code: 'required', field: 'groupId' });
    expect(accept('group', { userId: 'u', groupId: 'g1' }).groupId).toBe('g1');
  });

  it('names a page call after name, else properties.name, else the empty string', () => {
    expect(accept('page', { userId: 'u', name: 'Pricing', properties: { name: 'P' } }).event).toBe(
      'Pricing',
    );
    expect(accept('page', { userId: 'u', properties: { name: 'Home' } }).event).toBe('Home');
    expect(accept('page', { userId: 'u' }).event).toBe('');
    expect(accept('screen', { userId: 'u', name: 'Settings' }).event).toBe('Settings');
  });

  it('leaves event empty on identify calls even when one is sent', () => {
    expect(accept('identify', { userId: 'u', event: 'ignored' }).event).toBe('');
  });

  it('ignores a type field in the body of a single call: the route decides', () => {
    expect(accept('identify', { userId: 'u', type: 'track' }).type).toBe('identify');
  });
});

describe('normalizeEvent: messageId', () => {
  it('generates a UUID when messageId is absent', () => {
    const a = accept('track', { userId: 'u', event: 'x' });
    const b = accept('track', { userId: 'u', event: 'x' });
    expect(a.messageId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(a.messageId).not.toBe(b.messageId);
  });

  it('accepts a messageId of exactly 100 characters and rejects 101', () => {
    expect(
      accept('track', { userId: 'u', event: 'x', messageId: 'm'.repeat(100) }).messageId,
    ).toHaveLength(100);
    expect(refuse('track', { userId: 'u', event: 'x', messageId: 'm'.repeat(101) })).toMatchObject({
      code: 'too_long',
      field: 'messageId',
    });
  });

  it('rejects a messageId that is not a string', () => {
    expect(refuse('track', { userId: 'u', event: 'x', messageId: ['m'] })).toMatchObject({
      code: 'invalid_type',
      field: 'messageId',
    });
  });
});

describe('normalizeEvent: timestamps', () => {
  const base = { userId: 'u', event: 'x' };

  it('uses timestamp first', () => {
    const event = accept('track', {
      ...base,
      timestamp: '2024-05-01T10:00:00Z',
      originalTimestamp: '2024-04-01T10:00:00Z',
      sentAt: '2024-04-01T10:00:05Z',
    });
    expect(event.timestamp).toBe(Date.UTC(2024, 4, 1, 10));
  });

  it('uses originalTimestamp when there is no timestamp and no sentAt', () => {
    const event = accept('track', { ...base, originalTimestamp: '2024-04-01T10:00:00+02:00' });
    expect(event.timestamp).toBe(Date.UTC(2024, 3, 1, 8));
  });

  it('removes device clock skew using sentAt when timestamp is absent', () => {
    // The device clock is one hour fast; the event happened 30 s before it was sent.
    const event = accept('track', {
      ...base,
      originalTimestamp: '2024-06-01T12:59:30Z',
      sentAt: '2024-06-01T13:00:00Z',
    });
    expect(event.timestamp).toBe(RECEIVED - 30_000);
  });

  it('falls back to the receipt time', () => {
    expect(accept('track', base).timestamp).toBe(RECEIVED);
    expect(accept('track', { ...base, timestamp: null }).timestamp).toBe(RECEIVED);
  });

  it.each([
    ['timestamp', 'yesterday'],
    ['timestamp', 1717243200000],
    ['timestamp', '2024-02-30T00:00:00Z'],
    ['originalTimestamp', 'not a date'],
    ['sentAt', 'soon'],
  ])('rejects an unparseable %s (%j)', (field, value) => {
    expect(refuse('track', { ...base, [field]: value })).toMatchObject({
      code: 'invalid_timestamp',
      field,
    });
  });
});

describe('normalizeEvent: size and object fields', () => {
  it('measures the event in UTF-8 bytes and rejects it above 32 KB', () => {
    const overhead = JSON.stringify({ userId: 'u', event: 'x', properties: { s: '' } }).length;
    const fits = {
      userId: 'u',
      event: 'x',
      properties: { s: 'a'.repeat(MAX_EVENT_BYTES - overhead) },
    };
    expect(normalizeEvent('track', fits, RECEIVED).ok).toBe(true);
    const over = {
      userId: 'u',
      event: 'x',
      properties: { s: 'a'.repeat(MAX_EVENT_BYTES - overhead + 1) },
    };
    expect(refuse('track', over)).toMatchObject({ code: 'event_too_large', field: 'payload' });
  });

  it('counts multi-byte characters by their encoded size', () => {
    // 'é' is one UTF-16 unit but two UTF-8 bytes: 17 000 of them exceed 32 KB.
    const payload = { userId: 'u', event: 'x', properties: { s: 'é'.repeat(17_000) } };
    expect(JSON.stringify(payload).length).toBeLessThan(MAX_EVENT_BYTES);
    expect(refuse('track', payload).code).toBe('event_too_large');
  });

  it.each(['properties', 'traits', 'context'])('rejects a %s that is not an object', (field) => {
    expect(refuse('track', { userId: 'u', event: 'x', [field]: [1] })).toMatchObject({
      code: 'invalid_type',
      field,
    });
    expect(refuse('track', { userId: 'u', event: 'x', [field]: 'a' }).field).toBe(field);
  });

  it('treats null properties, traits and context as empty', () => {
    const event = accept('track', { userId: 'u', event: 'x', properties: null, context: null });
    expect(event.properties).toEqual({});
    expect(event.context).toEqual({});
  });

  it('keeps properties, traits and context as sent', () => {
    const properties = { plan: 'pro', nested: { a: [1, 2] } };
    const event = accept('identify', {
      userId: 'u',
      properties,
      traits: { name: 'Ada' },
      context: { ip: '1.2.3.4' },
    });
    expect(event.properties).toEqual(properties);
    expect(event.traits).toEqual({ name: 'Ada' });
    expect(event.context).toEqual({ ip: '1.2.3.4' });
  });
});

describe('normalizeEvent: lifted fields', () => {
  it('lifts path, url and referrer from context.page', () => {
    const event = accept('track', {
      userId: 'u',
      event: 'x',
      context: {
        page: { path: '/pricing', url: 'https://a.io/pricing?x=1', referrer: 'https://g.co/' },
      },
      properties: { path: '/ignored-on-track' },
    });
    expect(event).toMatchObject({
      path: '/pricing',
      url: 'https://a.io/pricing?x=1',
      referrer: 'https://g.co/',
    });
  });

  it('lifts path, url and referrer from the properties of a page call', () => {
    const event = accept('page', {
      userId: 'u',
      properties: { path: '/docs', url: 'https://a.io/docs', referrer: 'https://b.io/' },
    });
    expect(event).toMatchObject({
      path: '/docs',
      url: 'https://a.io/docs',
      referrer: 'https://b.io/',
    });
  });

  it('prefers context.page over page properties', () => {
    const event = accept('page', {
      userId: 'u',
      context: { page: { path: '/from-context' } },
      properties: { path: '/from-properties' },
    });
    expect(event.path).toBe('/from-context');
  });

  it('derives the path from an absolute url when no path is sent', () => {
    expect(
      accept('page', { userId: 'u', properties: { url: 'https://a.io/signup?ref=x' } }).path,
    ).toBe('/signup');
    expect(accept('page', { userId: 'u', properties: { url: 'not a url' } }).path).toBeNull();
  });

  it('lifts utm source, medium and campaign from context.campaign', () => {
    const event = accept('page', {
      userId: 'u',
      context: { campaign: { source: 'newsletter', medium: 'email', name: 'spring', term: 't' } },
    });
    expect(event).toMatchObject({
      utmSource: 'newsletter',
      utmMedium: 'email',
      utmCampaign: 'spring',
    });
  });

  it('lifts the channel from context.channel, else properties.channel', () => {
    expect(
      accept('track', {
        userId: 'u',
        event: 'x',
        context: { channel: 'chat' },
        properties: { channel: 'x' },
      }).channel,
    ).toBe('chat');
    expect(
      accept('track', { userId: 'u', event: 'x', properties: { channel: 'email' } }).channel,
    ).toBe('email');
  });

  it('lifts text from text, body, message or comment, skipping values that are not strings', () => {
    const text = (properties: object) =>
      accept('track', { userId: 'u', event: 'x', properties }).text;
    expect(text({ text: 'a', body: 'b' })).toBe('a');
    expect(text({ body: 'b', message: 'm' })).toBe('b');
    expect(text({ message: 'm', comment: 'c' })).toBe('m');
    expect(text({ comment: 'c' })).toBe('c');
    expect(text({ text: 5, comment: 'c' })).toBe('c');
    expect(text({ text: { rich: true } })).toBeNull();
  });

  it('lifts value from value, revenue or total, accepting numeric strings', () => {
    const value = (properties: object) =>
      accept('track', { userId: 'u', event: 'x', properties }).value;
    expect(value({ value: 3, revenue: 4 })).toBe(3);
    expect(value({ revenue: '19.90', total: 5 })).toBe(19.9);
    expect(value({ total: -2.5e2 })).toBe(-250);
    expect(value({ value: 'high', revenue: 7 })).toBe(7);
    expect(value({ value: '', total: ' 12 ' })).toBe(12);
    expect(value({ value: '1,000' })).toBeNull();
    expect(value({ value: true })).toBeNull();
  });

  it('lifts email from traits, else context.traits, never from event properties', () => {
    const email = (payload: object) => accept('identify', { userId: 'u', ...payload }).email;
    expect(email({ traits: { email: 'a@x.io' }, context: { traits: { email: 'b@x.io' } } })).toBe(
      'a@x.io',
    );
    expect(
      email({ context: { traits: { email: 'b@x.io' } }, properties: { email: 'c@x.io' } }),
    ).toBe('b@x.io');
    expect(email({ properties: { email: ' c@x.io ' } })).toBeNull();
    expect(email({ traits: { email: ' d@x.io ' } })).toBe('d@x.io');
    expect(email({ traits: { email: 42 } })).toBeNull();
  });
});

describe('normalizeEvent: property names are data', () => {
  it('keeps a __proto__ property as a plain key without polluting Object.prototype', () => {
    const payload: unknown = JSON.parse(
      '{"userId":"u","event":"x","properties":{"__proto__":{"x":1},"constructor":"c"}}',
    );
    const event = accept('track', payload);
    expect(Object.keys(event.properties)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(event.properties)).toBe(Object.prototype);
    expect(JSON.stringify(event.properties)).toBe('{"__proto__":{"x":1},"constructor":"c"}');
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it('does not read inherited members as fields', () => {
    // `constructor` and `toString` exist on every object's prototype, never as data here.
    const event = accept('page', JSON.parse('{"userId":"u","properties":{}}'));
    expect(event.event).toBe('');
    const noName = accept('page', {
      userId: 'u',
      properties: Object.create({ name: 'inherited' }),
    });
    expect(noName.event).toBe('');
  });
});
