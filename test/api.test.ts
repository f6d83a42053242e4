import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, call, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let bearer: string;
beforeAll(async () => {
  srv = await startTestServer();
  bearer = `Bearer ${srv.apiKey}`;
});
afterAll(async () => {
  await srv?.close();
});

const api = (path: string, init: { method?: string; body?: unknown; auth?: string } = {}) =>
  call(`${srv.url}${path}`, { auth: bearer, ...init });

describe('REST API', () => {
  it('creates a journey with stages and touchpoints, moves a touchpoint, and validates input naming the field', async () => {
    const j = await api('/api/journeys', {
      body: { name: 'Onboarding', goal: { event: 'Activated' } },
    });
    expect(j.status).toBe(201);
    const s1 = await api(`/api/journeys/${j.body.id}/stages`, {
      body: { name: 'Sign up', lanes: { emotion: 1, actions: ['Fill form'] } },
    });
    const s2 = await api(`/api/journeys/${j.body.id}/stages`, { body: { name: 'First use' } });
    expect(s2.body.position).toBe(1);
    const t1 = await api(`/api/journeys/${j.body.id}/touchpoints`, {
      body: {
        stageId: s1.body.id,
        name: 'Signup form',
        channel: 'web',
        phase: 'during',
        matchRules: [{ path: '/signup*' }],
        keys: { relevance: 4, usefulness: 5, simplicity: 2, attractiveness: 3 },
      },
    });
    expect(t1.status).toBe(201);
    expect(t1.body.keys.simplicity).toBe(2);
    const t2 = await api(`/api/journeys/${j.body.id}/touchpoints`, {
      body: {
        stageId: s1.body.id,
        name: 'Welcome email',
        channel: 'email',
        phase: 'after',
        matchRules: [{ event: 'Email Opened' }],
      },
    });
    const moved = await api(`/api/touchpoints/${t2.body.id}`, {
      method: 'PATCH',
      body: { stageId: s2.body.id },
    });
    expect(moved.body.stageId).toBe(s2.body.id);
    // A patch changes what it names and nothing else.
    const renamed = await api(`/api/touchpoints/${t1.body.id}`, {
      method: 'PATCH',
      body: { name: 'Sign-up form' },
    });
    expect(renamed.body).toMatchObject({
      name: 'Sign-up form',
      matchRules: [{ path: '/signup*' }],
      keys: { simplicity: 2 },
    });
    const map = await api(`/api/journeys/${j.body.id}`);
    expect(map.body.stages.map((s: { name: string }) => s.name)).toEqual(['Sign up', 'First use']);
    expect(map.body.touchpoints.map((t: { name: string }) => t.name)).toEqual([
      'Sign-up form',
      'Welcome email',
    ]);

    const bad = await api(`/api/journeys/${j.body.id}/touchpoints`, {
      body: {
        stageId: s1.body.id,
        name: 'X',
        channel: 'telepathy',
        phase: 'during',
        keys: { relevance: 9 },
      },
    });
    expect(bad.status).toBe(400);
    const paths = bad.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.channel', 'body.keys.relevance']));
    const emptyRule = await api(`/api/touchpoints/${t1.body.id}`, {
      method: 'PATCH',
      body: { matchRules: [{}] },
    });
    expect(emptyRule.status).toBe(400);
    expect(emptyRule.body.error.details[0].path).toBe('body.matchRules.0');

    const busy = await api(`/api/stages/${s1.body.id}`, { method: 'DELETE' });
    expect(busy.status).toBe(409);
  });

  it('creates a whole journey from a template in one call', async () => {
    const list = await api('/api/templates/journeys');
    expect(list.body.map((t: { key: string }) => t.key)).toEqual(
      expect.arrayContaining(['ecommerce-retail', 'b2b-saas', 'subscription-service']),
    );
    const catalog = await api('/api/templates/touchpoints');
    expect(catalog.body.length).toBeGreaterThanOrEqual(25);
    const res = await api('/api/journeys/from-template', {
      body: { template: 'b2b-saas', name: 'Our SaaS' },
    });
    expect(res.status).toBe(201);
    const map = await api(`/api/journeys/${res.body.id}`);
    expect(map.body.name).toBe('Our SaaS');
    expect(map.body.goal.event).toBeTruthy();
    expect(map.body.stages.length).toBeGreaterThanOrEqual(5);
    expect(
      map.body.touchpoints.every((t: { matchRules: unknown[] }) => t.matchRules.length > 0),
    ).toBe(true);
    const unknown = await api('/api/journeys/from-template', { body: { template: 'nope' } });
    expect(unknown.status).toBe(404);
  });

  it('publishes an OpenAPI document generated from the validating schemas', async () => {
    const res = await call(`${srv.url}/api/openapi.json`);
    expect(res.status).toBe(200);
    expect(res.body.openapi).toBe('3.1.0');
    const create = res.body.paths['/api/journeys/{id}/touchpoints'].post;
    expect(create.requestBody.content['application/json'].schema.properties.channel.enum).toContain(
      'chat',
    );
    expect(
      res.body.paths['/api/journeys/{id}/metrics'].get.parameters.map(
        (p: { name: string }) => p.name,
      ),
    ).toEqual(expect.arrayContaining(['id', 'from', 'to', 'personaId']));
  });

  it('refuses write keys on the read API and answers in the one error shape', async () => {
    const res = await api('/api/journeys', { auth: `Bearer ${srv.writeKey}` });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    const none = await call(`${srv.url}/api/journeys`);
    expect(none.status).toBe(401);
  });

  it('keeps workspaces apart: a key cannot read or change another workspace, foreign ids are 404', async () => {
    const mine = await api('/api/personas', {
      body: { name: 'Mine', segment: { conditions: [{ trait: 'plan', op: 'eq', value: 'pro' }] } },
    });
    const other = await srv.store.createWorkspace({ name: 'Intruder' });
    const otherKey = `Bearer ${(await srv.store.createKey(other.id, 'api', '')).secret}`;
    const j = await api('/api/journeys', { body: { name: 'Secret journey' } });
    for (const [method, path, body] of [
      ['GET', `/api/personas/${mine.body.id}`],
      ['PATCH', `/api/personas/${mine.body.id}`, { name: 'Hacked' }],
      ['DELETE', `/api/personas/${mine.body.id}`],
      ['GET', `/api/journeys/${j.body.id}`],
      ['GET', `/api/journeys/${j.body.id}/metrics`],
      ['POST', `/api/journeys/${j.body.id}/stages`, { name: 'Injected' }],
      ['DELETE', `/api/journeys/${j.body.id}`],
    ] as const) {
      const res = await api(path, { method, body, auth: otherKey });
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    expect((await api('/api/journeys', { auth: otherKey })).body).toEqual([]);
    expect((await api(`/api/personas/${mine.body.id}`)).body.name).toBe('Mine');
    expect((await api(`/api/journeys/${j.body.id}/stages`)).body).toEqual([]);
  });
});

describe('touchpoint metrics', () => {
  const at = (d: string) => `2026-${d}:00Z`;

  it('computes volume, reach, conversion, drop-off, time to next, funnel and persona filter exactly', async () => {
    const ws = await srv.store.createWorkspace({ name: 'Metrics' });
    const key = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
    const write = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
    const j = await api('/api/journeys', {
      auth: key,
      body: { name: 'Buy', goal: { event: 'Order Completed', valueProperty: 'revenue' } },
    });
    const s1 = await api(`/api/journeys/${j.body.id}/stages`, {
      auth: key,
      body: { name: 'Aware' },
    });
    const s2 = await api(`/api/journeys/${j.body.id}/stages`, { auth: key, body: { name: 'Buy' } });
    const mk = (stageId: string, name: string, event: string) =>
      api(`/api/journeys/${j.body.id}/touchpoints`, {
        auth: key,
        body: { stageId, name, channel: 'web', phase: 'during', matchRules: [{ event }] },
      });
    const A = (await mk(s1.body.id, 'A', 'ad clicked')).body;
    const B = (await mk(s2.body.id, 'B', 'Checkout*')).body;
    const C = (await mk(s2.body.id, 'C', 'Order Completed')).body;
    const ev = (
      userId: string,
      event: string,
      ts: string,
      properties: Record<string, unknown> = {},
    ) => ({ type: 'track', userId, event, timestamp: at(ts), properties });
    const batch = [
      ev('c1', 'Ad Clicked', '01-01T10:00'),
      ev('c1', 'Checkout Started', '01-01T11:00'),
      ev('c1', 'Order Completed', '01-01T12:00', { revenue: 100 }),
      ev('c1', 'Random Thing', '01-01T12:30'),
      ev('c2', 'Ad Clicked', '01-02T10:00'),
      ev('c2', 'Checkout Started', '01-02T12:00'),
      ev('c3', 'Ad Clicked', '01-03T10:00'),
      ev('c4', 'Checkout Started', '01-05T10:00'),
      ev('c4', 'Order Completed', '02-20T10:00', { revenue: 50 }),
      { type: 'identify', userId: 'c1', traits: { plan: 'pro' }, timestamp: at('01-01T09:00') },
      { type: 'identify', userId: 'c2', traits: { plan: 'pro' }, timestamp: at('01-02T09:00') },
    ];
    expect((await call(`${srv.url}/v1/batch`, { auth: write, body: { batch } })).status).toBe(200);
    const range = `from=${at('01-01T00:00')}&to=${at('03-01T00:00')}`;
    const r = await api(`/api/journeys/${j.body.id}/metrics?${range}`, { auth: key });
    expect(r.status).toBe(200);
    const byName = Object.fromEntries(r.body.touchpoints.map((t: { name: string }) => [t.name, t]));
    expect(byName.A).toMatchObject({
      volume: 3,
      reach: 3,
      converted: 1,
      droppedOff: 1,
      medianHoursToNext: 1.5,
    });
    expect(byName.B).toMatchObject({
      volume: 3,
      reach: 3,
      converted: 1,
      droppedOff: 2,
      medianHoursToNext: 552.5,
    });
    expect(byName.C).toMatchObject({
      volume: 2,
      reach: 2,
      converted: 2,
      droppedOff: 0,
      medianHoursToNext: null,
    });
    expect(byName.A.reachShare).toBe(0.75);
    expect(byName.B.dropOffRate).toBeCloseTo(2 / 3);
    expect(r.body.journey).toMatchObject({
      customers: 4,
      conversions: 2,
      conversionRate: 0.5,
      conversionValue: 150,
      unmatchedEvents: 1,
      baselineDropOffRate: 3 / 8,
    });
    expect(r.body.journey.stageFunnel.map((s: { customers: number }) => s.customers)).toEqual([
      3, 2,
    ]);
    // Reached at all, in any order: c4 starts at the second stage.
    expect(r.body.journey.stageFunnel.map((s: { reached: number }) => s.reached)).toEqual([3, 3]);
    expect(byName.A.measuredMarker).toBeNull();

    const persona = await api('/api/personas', {
      auth: key,
      body: { name: 'Pro', segment: { conditions: [{ trait: 'plan', op: 'eq', value: 'pro' }] } },
    });
    expect(
      (await api(`/api/personas/${persona.body.id}/customers`, { auth: key })).body.customers,
    ).toBe(2);
    const pro = await api(
      `/api/journeys/${j.body.id}/metrics?${range}&personaId=${persona.body.id}`,
      { auth: key },
    );
    expect(pro.body.journey.customers).toBe(2);
    expect(pro.body.touchpoints.find((t: { name: string }) => t.name === 'B').reach).toBe(2);

    // Rules apply at query time: changing them re-classifies the recorded history.
    await api(`/api/touchpoints/${A.id}`, {
      auth: key,
      method: 'PATCH',
      body: { matchRules: [{ event: 'Random*' }] },
    });
    const after = await api(`/api/journeys/${j.body.id}/metrics?${range}`, { auth: key });
    const a2 = after.body.touchpoints.find(
      (t: { touchpointId: string }) => t.touchpointId === A.id,
    );
    expect(a2).toMatchObject({ volume: 1, reach: 1 });
    expect(after.body.journey.unmatchedEvents).toBe(3);
    void B;
    void C;

    const badRange = await api(
      `/api/journeys/${j.body.id}/metrics?from=${at('03-01T00:00')}&to=${at('01-01T00:00')}`,
      { auth: key },
    );
    expect(badRange.status).toBe(400);
    expect(badRange.body.error.details[0].path).toBe('query.from');
  });
});

describe('customer timeline', () => {
  it('marks each event with the touchpoint its rules match now', async () => {
    const ws = await srv.store.createWorkspace({ name: 'Timeline' });
    const key = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
    const write = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
    const j = await api('/api/journeys', { auth: key, body: { name: 'T' } });
    const s = await api(`/api/journeys/${j.body.id}/stages`, { auth: key, body: { name: 'S' } });
    const tp = await api(`/api/journeys/${j.body.id}/touchpoints`, {
      auth: key,
      body: {
        stageId: s.body.id,
        name: 'Checkout',
        channel: 'web',
        phase: 'during',
        matchRules: [{ event: 'Checkout*' }],
      },
    });
    const batch = [
      {
        type: 'track',
        userId: 'tl-1',
        event: 'Checkout Started',
        timestamp: '2026-10-01T10:00:00Z',
      },
      { type: 'track', userId: 'tl-1', event: 'Something Else', timestamp: '2026-10-01T11:00:00Z' },
    ];
    await call(`${srv.url}/v1/batch`, { auth: write, body: { batch } });
    const customer = (await api('/api/customers?search=tl-1', { auth: key })).body.items[0];
    const events = (await api(`/api/customers/${customer.id}/events`, { auth: key })).body;
    expect(
      events.map((e: { event: string; touchpointName: string | null }) => [
        e.event,
        e.touchpointName,
      ]),
    ).toEqual([
      ['Something Else', null],
      ['Checkout Started', 'Checkout'],
    ]);
    expect(events[1].touchpointId).toBe(tp.body.id);
  });
});
