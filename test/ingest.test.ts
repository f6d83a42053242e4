import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, call, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
beforeAll(async () => {
  srv = await startTestServer();
});
afterAll(async () => {
  await srv?.close();
});

const track = (over: Record<string, unknown> = {}) => ({
  userId: 'u-1',
  event: 'Order Completed',
  messageId: `m-${Math.random().toString(36).slice(2)}`,
  properties: { revenue: 12 },
  timestamp: '2026-10-01T10:00:00.000Z',
  ...over,
});

async function count() {
  return srv.store.countEvents(srv.workspaceId);
}

describe('Segment tracking API', () => {
  it('accepts a track call authenticated by the write key as Basic user, and stores it', async () => {
    const before = await count();
    const res = await call(`${srv.url}/v1/track`, { auth: basic(srv.writeKey), body: track() });
    expect(res).toEqual({ status: 200, body: { success: true } });
    expect(await count()).toBe(before + 1);
  });

  it('accepts the write key in the body, as Segment does', async () => {
    const res = await call(`${srv.url}/v1/page`, {
      body: {
        anonymousId: 'a-9',
        name: 'Home',
        writeKey: srv.writeKey,
        context: { page: { path: '/' } },
      },
    });
    expect(res.status).toBe(200);
  });

  it('answers 401 for a missing or unknown write key and stores nothing', async () => {
    const before = await count();
    const missing = await call(`${srv.url}/v1/track`, { body: track() });
    const wrong = await call(`${srv.url}/v1/track`, { auth: basic('wk_nope'), body: track() });
    expect(missing.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('unauthorized');
    expect(await count()).toBe(before);
  });

  it('decodes gzip bodies', async () => {
    const before = await count();
    const body = gzipSync(
      JSON.stringify({
        batch: [
          { type: 'track', ...track() },
          { type: 'identify', userId: 'u-1', traits: { plan: 'pro' } },
        ],
      }),
    );
    const res = await call(`${srv.url}/v1/batch`, {
      auth: basic(srv.writeKey),
      body,
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(await count()).toBe(before + 2);
  });

  it.each([
    ['malformed JSON', '{"userId":', 400, 'body'],
    ['a track without event', { userId: 'u' }, 400, 'event'],
    ['neither userId nor anonymousId', { event: 'X' }, 400, 'userId'],
    [
      'an unparseable timestamp',
      { userId: 'u', event: 'X', timestamp: 'yesterday' },
      400,
      'timestamp',
    ],
    [
      'a messageId over 100 characters',
      { userId: 'u', event: 'X', messageId: 'm'.repeat(101) },
      400,
      'messageId',
    ],
  ])(
    'rejects %s with a 4xx naming the problem, storing nothing',
    async (_name, body, status, field) => {
      const before = await count();
      const res = await call(`${srv.url}/v1/track`, { auth: basic(srv.writeKey), body });
      expect(res.status).toBe(status);
      expect(res.body.error.code).toBeTypeOf('string');
      expect(JSON.stringify(res.body.error)).toContain(field);
      expect(await count()).toBe(before);
    },
  );

  it('rejects an event over 32 KB with 413', async () => {
    const res = await call(`${srv.url}/v1/track`, {
      auth: basic(srv.writeKey),
      body: track({ properties: { blob: 'x'.repeat(33 * 1024) } }),
    });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('rejects a batch whose decoded size exceeds 500 KB, even when gzip makes it small', async () => {
    const before = await count();
    const batch = Array.from({ length: 60 }, (_, i) => ({
      type: 'track',
      ...track({ messageId: `big-${i}`, properties: { pad: 'y'.repeat(9000) } }),
    }));
    const body = gzipSync(JSON.stringify({ batch }));
    expect(body.length).toBeLessThan(100 * 1024);
    const res = await call(`${srv.url}/v1/batch`, {
      auth: basic(srv.writeKey),
      body,
      headers: { 'content-encoding': 'gzip', 'content-type': 'application/json' },
    });
    expect(res.status).toBe(413);
    expect(await count()).toBe(before);
  });

  it('accepts the valid events of a batch and says which indexes it rejected and why', async () => {
    const before = await count();
    const res = await call(`${srv.url}/v1/batch`, {
      auth: basic(srv.writeKey),
      body: {
        batch: [
          { type: 'track', ...track() },
          { type: 'track', userId: 'u-2' },
          { type: 'page', anonymousId: 'a-1', name: 'Pricing' },
          { type: 'teleport', userId: 'u' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(res.body.accepted).toBe(2);
    expect(res.body.rejected.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    expect(res.body.rejected[0].field).toBe('event');
    expect(await count()).toBe(before + 2);
  });

  it('refuses a batch in which every event is invalid', async () => {
    const res = await call(`${srv.url}/v1/batch`, {
      auth: basic(srv.writeKey),
      body: { batch: [{ type: 'track' }] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.details.rejected[0].index).toBe(0);
  });

  it('never counts a resent messageId twice, within a batch, across requests and after a restart', async () => {
    const dataDir = srv.dataDir;
    const before = await count();
    const e = track({ messageId: 'resend-me' });
    await call(`${srv.url}/v1/batch`, {
      auth: basic(srv.writeKey),
      body: {
        batch: [
          { type: 'track', ...e },
          { type: 'track', ...e },
        ],
      },
    });
    await call(`${srv.url}/v1/track`, { auth: basic(srv.writeKey), body: e });
    expect(await count()).toBe(before + 1);
    const { workspaceId, writeKey, apiKey } = srv;
    await srv.close(true);
    srv = { ...(await startTestServer({ dataDir })), workspaceId, writeKey, apiKey };
    const res = await call(`${srv.url}/v1/track`, { auth: basic(srv.writeKey), body: e });
    expect(res.status).toBe(200);
    expect(await count()).toBe(before + 1);
    // The same messageId in another workspace is another event.
    const other = await srv.store.createWorkspace({ name: 'Other' });
    const otherKey = await srv.store.createKey(other.id, 'write', '');
    await call(`${srv.url}/v1/track`, { auth: basic(otherKey.secret), body: e });
    expect(await srv.store.countEvents(other.id)).toBe(1);
  });

  it('treats property and trait names as data: __proto__ and quotes are stored as plain keys', async () => {
    const raw =
      '{"userId":"proto-user","event":"Weird Keys","messageId":"proto-1","properties":{"__proto__":{"polluted":true},"a\'b\\"c":1,"constructor":2}}';
    const res = await call(`${srv.url}/v1/track`, { auth: basic(srv.writeKey), body: raw });
    expect(res.status).toBe(200);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const events = await srv.store.listEvents(srv.workspaceId, { limit: 500 });
    const stored = events.find((e) => e.messageId === 'proto-1')!;
    expect(Object.keys(stored.properties).sort()).toEqual(
      ['__proto__', 'a\'b"c', 'constructor'].sort(),
    );
  });

  it('links anonymous history to the customer when they identify, and merges traits', async () => {
    const auth = basic(srv.writeKey);
    await call(`${srv.url}/v1/page`, {
      auth,
      body: { anonymousId: 'anon-42', name: 'Home', timestamp: '2026-10-01T09:00:00Z' },
    });
    await call(`${srv.url}/v1/track`, {
      auth,
      body: { anonymousId: 'anon-42', event: 'Product Viewed', timestamp: '2026-10-01T09:01:00Z' },
    });
    await call(`${srv.url}/v1/identify`, {
      auth,
      body: {
        anonymousId: 'anon-42',
        userId: 'user-42',
        traits: { email: 'Ada@Example.com', plan: 'pro' },
      },
    });
    await call(`${srv.url}/v1/identify`, {
      auth,
      body: { userId: 'user-42', traits: { plan: 'enterprise', country: 'DE' } },
    });
    const { items } = await srv.store.listCustomers(srv.workspaceId, { search: 'user-42' });
    expect(items).toHaveLength(1);
    const c = items[0]!;
    expect(c.traits).toMatchObject({ plan: 'enterprise', country: 'DE', email: 'Ada@Example.com' });
    expect(c.identities).toEqual(
      expect.arrayContaining([
        { kind: 'anonymous_id', value: 'anon-42' },
        { kind: 'user_id', value: 'user-42' },
        { kind: 'email', value: 'ada@example.com' },
      ]),
    );
    const timeline = await srv.store.listEvents(srv.workspaceId, { customerId: c.id });
    expect(timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining(['Home', 'Product Viewed']),
    );
  });

  it('merges two known customers when alias links them, and can undo the merge', async () => {
    const auth = basic(srv.writeKey);
    await call(`${srv.url}/v1/track`, {
      auth,
      body: { anonymousId: 'device-1', event: 'App Opened' },
    });
    await call(`${srv.url}/v1/track`, { auth, body: { userId: 'acct-1', event: 'Signed In' } });
    const a = (await srv.store.listCustomers(srv.workspaceId, { search: 'device-1' })).items[0]!;
    const b = (await srv.store.listCustomers(srv.workspaceId, { search: 'acct-1' })).items[0]!;
    expect(a.id).not.toBe(b.id);
    await call(`${srv.url}/v1/alias`, { auth, body: { previousId: 'device-1', userId: 'acct-1' } });
    const merged = (await srv.store.listCustomers(srv.workspaceId, { search: 'device-1' })).items;
    expect(merged).toHaveLength(1);
    expect(merged[0]!.id).toBe(b.id);
    expect(merged[0]!.mergedIds).toContain(a.id);
    const timeline = await srv.store.listEvents(srv.workspaceId, { customerId: b.id });
    expect(timeline.map((e) => e.event)).toEqual(
      expect.arrayContaining(['App Opened', 'Signed In']),
    );

    const merges = await srv.store.listMerges(srv.workspaceId, b.id);
    expect(merges).toHaveLength(1);
    const undone = await call(`${srv.url}/api/merges/${merges[0]!.id}/undo`, {
      method: 'POST',
      auth: `Bearer ${srv.apiKey}`,
    });
    expect(undone.status).toBe(200);
    expect(undone.body.undoneAt).toBeTypeOf('string');
    const after = (await srv.store.listEvents(srv.workspaceId, { customerId: b.id })).map(
      (e) => e.event,
    );
    expect(after).not.toContain('App Opened');
  });
});

describe('browser tracking (analytics.js)', () => {
  it('accepts the one-letter paths with the write key in a text/plain body, and answers CORS', async () => {
    const before = await srv.store.countEvents(srv.workspaceId);
    const res = await fetch(`${srv.url}/v1/t`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://shop.example.com' },
      body: JSON.stringify({
        anonymousId: 'browser-1',
        event: 'Product Viewed',
        writeKey: srv.writeKey,
      }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const pre = await fetch(`${srv.url}/v1/b`, {
      method: 'OPTIONS',
      headers: { origin: 'https://x.io', 'access-control-request-method': 'POST' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('content-encoding');
    expect(await srv.store.countEvents(srv.workspaceId)).toBe(before + 1);
  });

  it('does not re-apply the traits of a resent identify', async () => {
    const auth = basic(srv.writeKey);
    const first = { userId: 'resend-traits', messageId: 'identify-1', traits: { plan: 'free' } };
    await call(`${srv.url}/v1/identify`, { auth, body: first });
    await call(`${srv.url}/v1/identify`, {
      auth,
      body: { userId: 'resend-traits', messageId: 'identify-2', traits: { plan: 'pro' } },
    });
    await call(`${srv.url}/v1/identify`, { auth, body: first });
    const { items } = await srv.store.listCustomers(srv.workspaceId, { search: 'resend-traits' });
    expect(items[0]!.traits).toEqual({ plan: 'pro' });
  });
});
