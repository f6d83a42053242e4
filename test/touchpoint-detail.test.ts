import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserInWorkspace } from '../src/store/setup.ts';
import { basic, call, startTestServer, type TestServer } from './helpers/server.ts';
import { asBrowser, signIn } from './helpers/session.ts';

/**
 * The touchpoint detail and dashboard endpoints on the worked example of docs/metrics.md (plus
 * customer G, a second checkout drop-off with an email), against a real listening server. Every
 * expected figure is worked out by hand in the comments next to it.
 */
let srv: TestServer;
let key: string;
let journeyId: string;
const tp: Record<'T0' | 'T1' | 'T2', string> = { T0: '', T1: '', T2: '' };
let personaId: string;

const at = (d: string) => `2025-${d}:00.000Z`;
const range = `from=${at('01-01T00:00')}&to=${at('03-01T00:00')}`;

beforeAll(async () => {
  srv = await startTestServer();
  const ws = await srv.store.createWorkspace({ name: 'Detail' });
  key = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
  const write = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
  const j = await api('/api/journeys', {
    body: {
      name: 'Worked example',
      goal: { event: 'Order Completed', valueProperty: 'revenue' },
      settings: { conversionWindowDays: 7, inactivityDays: 14 },
    },
  });
  journeyId = j.body.id;
  const discover = (await api(`/api/journeys/${journeyId}/stages`, { body: { name: 'Discover' } }))
    .body.id;
  const buy = (await api(`/api/journeys/${journeyId}/stages`, { body: { name: 'Buy' } })).body.id;
  const mk = async (stageId: string, name: string, matchRules: unknown[]) =>
    (
      await api(`/api/journeys/${journeyId}/touchpoints`, {
        body: { stageId, name, channel: 'web', phase: 'before', matchRules },
      })
    ).body.id as string;
  tp.T0 = await mk(discover, 'Landing page', [{ type: 'page', path: '/landing*' }]);
  tp.T1 = await mk(discover, 'Newsletter', [
    { event: 'Email Opened' },
    { event: 'email link clicked' },
  ]);
  tp.T2 = await mk(buy, 'Checkout', [{ event: 'Checkout Started' }]);

  const track = (userId: string, event: string, ts: string, properties = {}) => ({
    type: 'track',
    userId,
    event,
    timestamp: at(ts),
    properties,
  });
  const page = (id: { userId?: string; anonymousId?: string }, path: string, ts: string) => ({
    type: 'page',
    ...id,
    properties: { path },
    timestamp: at(ts),
  });
  const batch = [
    page({ anonymousId: 'anon-a' }, '/landing/spring', '01-01T10:00'),
    {
      type: 'identify',
      userId: 'alice',
      anonymousId: 'anon-a',
      traits: { plan: 'pro' },
      timestamp: at('01-01T10:05'),
    },
    track('alice', 'Email Opened', '01-02T09:00'),
    track('alice', 'Checkout Started', '01-03T12:00'),
    track('alice', 'Order Completed', '01-03T12:10', { revenue: 50 }),
    page({ userId: 'cust-b' }, '/landing', '01-05T08:00'),
    track('cust-b', 'Checkout Started', '01-06T08:00'),
    page({ userId: 'cust-c' }, '/landing', '01-10T12:00'),
    page({ userId: 'cust-c' }, '/landing', '01-30T12:00'),
    track('cust-c', 'Checkout Started', '01-31T12:00'),
    track('cust-c', 'Order Completed', '02-05T12:00', { revenue: 80 }),
    track('cust-d', 'Email Opened', '01-20T09:00'),
    track('cust-d', 'Email Link Clicked', '01-21T09:00'),
    page({ userId: 'cust-d' }, '/pricing', '01-21T09:05'),
    page({ userId: 'cust-e' }, '/landing', '02-25T12:00'),
    track('cust-f', 'Order Completed', '01-15T12:00', { revenue: 20 }),
    {
      type: 'identify',
      userId: 'cust-g',
      traits: { email: 'g@example.com' },
      timestamp: at('02-01T11:00'),
    },
    track('cust-g', 'Checkout Started', '02-01T12:00'),
  ];
  const sent = await call(`${srv.url}/v1/batch`, { auth: write, body: { batch } });
  expect(sent.status).toBe(200);
  personaId = (
    await api('/api/personas', {
      body: { name: 'Pro', segment: { conditions: [{ trait: 'plan', op: 'eq', value: 'pro' }] } },
    })
  ).body.id;
});
afterAll(async () => {
  await srv?.close();
});

function api(path: string, init: { method?: string; body?: unknown; auth?: string } = {}) {
  return call(`${srv.url}${path}`, { auth: key, ...init });
}

describe('touchpoint series', () => {
  it('counts touches, customers and conversions after touch per day, with range totals', async () => {
    const r = await api(`/api/touchpoints/${tp.T0}/series?${range}`);
    expect(r.status).toBe(200);
    // 59 days: daily buckets, one per day of January and February.
    expect(r.body.bucket).toBe('day');
    expect(r.body.points).toHaveLength(59);
    const nonEmpty = r.body.points.filter((p: { volume: number }) => p.volume > 0);
    // A Jan 1 (goal Jan 3, within 7 days), B Jan 5 (no goal), C Jan 10 (goal 26 days later),
    // C Jan 30 (goal 6 days later), E Feb 25 (no goal).
    expect(nonEmpty).toEqual([
      { start: at('01-01T00:00'), volume: 1, reach: 1, converted: 1 },
      { start: at('01-05T00:00'), volume: 1, reach: 1, converted: 0 },
      { start: at('01-10T00:00'), volume: 1, reach: 1, converted: 0 },
      { start: at('01-30T00:00'), volume: 1, reach: 1, converted: 1 },
      { start: at('02-25T00:00'), volume: 1, reach: 1, converted: 0 },
    ]);
    // Over the range each customer counts once: C twice touched, once converted.
    expect(r.body.totals).toEqual({ volume: 5, reach: 4, converted: 2 });
  });

  it('cuts weeks on Mondays and agrees with the metrics report over the range', async () => {
    const r = await api(`/api/touchpoints/${tp.T0}/series?${range}&bucket=week`);
    expect(r.body.bucket).toBe('week');
    // Wednesday Jan 1 falls in the week of Monday Dec 30; Feb 24's week holds Feb 25.
    expect(r.body.points.map((p: { start: string }) => p.start.slice(0, 10))).toEqual([
      '2024-12-30',
      '2025-01-06',
      '2025-01-13',
      '2025-01-20',
      '2025-01-27',
      '2025-02-03',
      '2025-02-10',
      '2025-02-17',
      '2025-02-24',
    ]);
    expect(r.body.points.map((p: { volume: number }) => p.volume)).toEqual([
      2, 1, 0, 0, 1, 0, 0, 0, 1,
    ]);
    expect(r.body.points[0]).toMatchObject({ reach: 2, converted: 1 });
    const metrics = await api(`/api/journeys/${journeyId}/metrics?${range}`);
    for (const id of Object.values(tp)) {
      const m = metrics.body.touchpoints.find(
        (t: { touchpointId: string }) => t.touchpointId === id,
      );
      const s = await api(`/api/touchpoints/${id}/series?${range}`);
      expect(s.body.totals).toEqual({ volume: m.volume, reach: m.reach, converted: m.converted });
    }
  });

  it('restricts to the persona and to the range', async () => {
    const pro = await api(`/api/touchpoints/${tp.T0}/series?${range}&personaId=${personaId}`);
    expect(pro.body.totals).toEqual({ volume: 1, reach: 1, converted: 1 });
    // From Jan 31 on, C's goal of Feb 5 is in range but their Jan 30 touch is not: only E is left.
    const late = await api(
      `/api/touchpoints/${tp.T0}/series?from=${at('01-31T00:00')}&to=${at('03-01T00:00')}`,
    );
    expect(late.body.totals).toEqual({ volume: 1, reach: 1, converted: 0 });
  });
});

describe('journey series', () => {
  it('counts journey customers by touch time and their conversions by goal time', async () => {
    const r = await api(`/api/journeys/${journeyId}/series?${range}&bucket=week`);
    expect(r.status).toBe(200);
    // Customers touching per week: A,B | B,C | – | D | C,G | – | – | – | E.
    expect(r.body.points.map((p: { customers: number }) => p.customers)).toEqual([
      2, 2, 0, 1, 2, 0, 0, 0, 1,
    ]);
    // A's order Jan 3 (50), C's Feb 5 (80); F's Jan 15 order does not count: F touched nothing.
    expect(r.body.points.map((p: { conversions: number }) => p.conversions)).toEqual([
      1, 0, 0, 0, 0, 1, 0, 0, 0,
    ]);
    expect(r.body.points[0].conversionValue).toBe(50);
    expect(r.body.points[5].conversionValue).toBe(80);
    const daily = await api(`/api/journeys/${journeyId}/series?${range}`);
    expect(daily.body.bucket).toBe('day');
    expect(daily.body.points).toHaveLength(59);
    expect(daily.body.points[0]).toEqual({
      start: at('01-01T00:00'),
      customers: 1,
      conversions: 0,
      conversionValue: 0,
    });
  });
});

describe('dropped-off customers', () => {
  it('lists each customer whose touch was the last before the lapse, latest first, by page', async () => {
    // Checkout: B on Jan 6 and G on Feb 1 never came back (Mar 1 is 28+ days later); A and C
    // reached the goal after it.
    const first = await api(`/api/touchpoints/${tp.T2}/dropped-off?${range}&limit=1`);
    expect(first.status).toBe(200);
    expect(first.body.total).toBe(2);
    expect(first.body.items).toEqual([
      {
        customerId: expect.stringMatching(/^cus_/),
        label: 'g@example.com',
        lastTouchAt: at('02-01T12:00'),
        returnedAt: null,
      },
    ]);
    const second = await api(`/api/touchpoints/${tp.T2}/dropped-off?${range}&limit=1&offset=1`);
    expect(second.body.items).toEqual([
      expect.objectContaining({ label: 'cust-b', lastTouchAt: at('01-06T08:00') }),
    ]);
    // Landing page: C's Jan 10 visit was followed by 20 quiet days; C came back on Jan 30.
    const landing = await api(`/api/touchpoints/${tp.T0}/dropped-off?${range}`);
    expect(landing.body).toMatchObject({
      total: 1,
      items: [{ label: 'cust-c', lastTouchAt: at('01-10T12:00'), returnedAt: at('01-30T12:00') }],
    });
    // The customer link leads to the 360° view of that customer.
    const c = await api(`/api/customers/${landing.body.items[0].customerId}`);
    expect(c.body.identities).toContainEqual({ kind: 'user_id', value: 'cust-c' });
    // Newsletter: D's last opening on Jan 21 (the /pricing view is unmatched and does not count).
    const news = await api(`/api/touchpoints/${tp.T1}/dropped-off?${range}`);
    expect(news.body.items.map((i: { label: string }) => i.label)).toEqual(['cust-d']);
  });

  it('agrees with the metrics report and needs the lapse to be observed', async () => {
    const metrics = await api(`/api/journeys/${journeyId}/metrics?${range}`);
    for (const id of Object.values(tp)) {
      const m = metrics.body.touchpoints.find(
        (t: { touchpointId: string }) => t.touchpointId === id,
      );
      expect((await api(`/api/touchpoints/${id}/dropped-off?${range}`)).body.total).toBe(
        m.droppedOff,
      );
    }
    // Ending the range on Feb 10 leaves G only 9 days: not a drop-off yet.
    const early = await api(
      `/api/touchpoints/${tp.T2}/dropped-off?from=${at('01-01T00:00')}&to=${at('02-10T00:00')}`,
    );
    expect(early.body.items.map((i: { label: string }) => i.label)).toEqual(['cust-b']);
  });
});

describe('next steps', () => {
  it('follows each run of touches to the next journey event, with shares and median times', async () => {
    const r = await api(`/api/touchpoints/${tp.T0}/next?${range}`);
    expect(r.status).toBe(200);
    // Runs: A → Newsletter (23 h), B → Checkout (24 h), C's two visits are one run → Checkout
    // (24 h), E → nothing yet.
    expect(r.body).toEqual({
      touchpointId: tp.T0,
      total: 4,
      steps: [
        {
          kind: 'touchpoint',
          touchpointId: tp.T2,
          name: 'Checkout',
          count: 2,
          customers: 2,
          share: 0.5,
          medianHours: 24,
        },
        {
          kind: 'touchpoint',
          touchpointId: tp.T1,
          name: 'Newsletter',
          count: 1,
          customers: 1,
          share: 0.25,
          medianHours: 23,
        },
        {
          kind: 'none',
          touchpointId: null,
          name: 'Nothing yet',
          count: 1,
          customers: 1,
          share: 0.25,
          medianHours: null,
        },
      ],
    });
    // Checkout: A orders 10 minutes later, C 5 days later; B and G have done nothing since.
    const checkout = await api(`/api/touchpoints/${tp.T2}/next?${range}`);
    expect(checkout.body.steps).toEqual([
      expect.objectContaining({ kind: 'goal', name: 'Order Completed', count: 2, share: 0.5 }),
      expect.objectContaining({ kind: 'none', count: 2, medianHours: null }),
    ]);
    expect(checkout.body.steps[0].medianHours).toBeCloseTo((10 / 60 + 120) / 2, 6);
  });
});

describe('match preview', () => {
  const preview = (body: unknown, query = range) =>
    api(`/api/journeys/${journeyId}/match-preview?${query}`, { method: 'POST', body });

  it('counts what draft rules match and shows the latest with the touchpoint claiming them now', async () => {
    const checkout = await preview({ matchRules: [{ event: 'checkout*' }] });
    expect(checkout.status).toBe(200);
    // A, B, C and G started a checkout; all four are the Checkout touchpoint's now.
    expect(checkout.body.count).toBe(4);
    expect(checkout.body.claimed).toEqual([{ touchpointId: tp.T2, name: 'Checkout', count: 4 }]);
    expect(checkout.body.sample.map((e: { timestamp: string }) => e.timestamp)).toEqual([
      at('02-01T12:00'),
      at('01-31T12:00'),
      at('01-06T08:00'),
      at('01-03T12:00'),
    ]);
    // Every page view: five landing views (Landing page) and D's /pricing view (no touchpoint).
    const pages = await preview({ matchRules: [{ type: 'page' }], sampleSize: 3 });
    expect(pages.body.count).toBe(6);
    expect(pages.body.claimed).toEqual([
      { touchpointId: tp.T0, name: 'Landing page', count: 5 },
      { touchpointId: null, name: null, count: 1 },
    ]);
    expect(
      pages.body.sample.map((e: { path: string; claimedBy: { name: string } | null }) => [
        e.path,
        e.claimedBy?.name ?? null,
      ]),
    ).toEqual([
      ['/landing', 'Landing page'],
      ['/landing', 'Landing page'],
      ['/pricing', null],
    ]);
    expect(pages.body.sample[0]).toMatchObject({ type: 'page', timestamp: at('02-25T12:00') });
    // Nothing is saved: the touchpoints keep their rules.
    const map = await api(`/api/journeys/${journeyId}`);
    expect(map.body.touchpoints[0].matchRules).toEqual([{ type: 'page', path: '/landing*' }]);
  });

  it('follows the range, the persona and an empty draft', async () => {
    const late = await preview(
      { matchRules: [{ type: 'page' }] },
      `from=${at('02-01T00:00')}&to=${at('03-01T00:00')}`,
    );
    expect(late.body.count).toBe(1);
    const pro = await preview(
      { matchRules: [{ type: 'page' }] },
      `${range}&personaId=${personaId}`,
    );
    expect(pro.body.count).toBe(1);
    const none = await preview({ matchRules: [] });
    expect(none.body).toMatchObject({ count: 0, claimed: [], sample: [] });
  });

  it('lets a viewer preview, since it changes nothing', async () => {
    await createUserInWorkspace(srv.store, {
      email: 'viewer@detail.test',
      name: 'Viewer',
      password: 'a long enough password',
      workspaceId: srv.workspaceId,
      role: 'viewer',
    });
    const session = await signIn(srv.url, 'viewer@detail.test', 'a long enough password');
    const j = (
      await call(`${srv.url}/api/journeys`, {
        auth: `Bearer ${srv.apiKey}`,
        body: { name: 'Viewer journey' },
      })
    ).body;
    const r = await asBrowser(
      srv.url,
      session,
      srv.workspaceId,
      `/api/journeys/${j.id}/match-preview`,
      {
        method: 'POST',
        body: { matchRules: [{ event: 'x' }] },
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.count).toBe(0);
  });
});

describe('validation and workspaces', () => {
  it('answers 400 naming the field for bad input', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      [
        'POST',
        `/api/journeys/JID/match-preview?${range}`,
        { matchRules: [{}] },
        'body.matchRules.0',
      ],
      ['POST', `/api/journeys/JID/match-preview?${range}`, {}, 'body.matchRules'],
      [
        'POST',
        `/api/journeys/JID/match-preview?${range}`,
        { matchRules: [{ properties: [{ key: 'a', op: 'like' }] }] },
        'body.matchRules.0.properties.0.op',
      ],
      ['GET', `/api/touchpoints/T2/series?${range}&bucket=month`, undefined, 'query.bucket'],
      ['GET', `/api/touchpoints/T2/dropped-off?${range}&limit=0`, undefined, 'query.limit'],
      ['GET', '/api/touchpoints/T2/next?from=yesterday', undefined, 'query.from'],
      [
        'GET',
        `/api/journeys/JID/series?from=${at('03-01T00:00')}&to=${at('01-01T00:00')}`,
        undefined,
        'query.from',
      ],
    ];
    for (const [method, template, body, field] of cases) {
      const path = template.replace('JID', journeyId).replace('T2', tp.T2);
      const r = await api(path, { method, body });
      expect(r.status, path).toBe(400);
      expect(
        r.body.error.details.map((d: { path: string }) => d.path),
        path,
      ).toContain(field);
    }
  });

  it('answers 404 for ids of another workspace and for an unknown persona', async () => {
    const other = await srv.store.createWorkspace({ name: 'Other' });
    const otherKey = `Bearer ${(await srv.store.createKey(other.id, 'api', '')).secret}`;
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/touchpoints/${tp.T0}/series`],
      ['GET', `/api/touchpoints/${tp.T0}/dropped-off`],
      ['GET', `/api/touchpoints/${tp.T0}/next`],
      ['GET', `/api/journeys/${journeyId}/series`],
      ['POST', `/api/journeys/${journeyId}/match-preview`, { matchRules: [{ type: 'page' }] }],
    ];
    for (const [method, path, body] of routes) {
      const foreign = await api(path, { method, body, auth: otherKey });
      expect(foreign.status, `${method} ${path}`).toBe(404);
      expect(foreign.body.error.code).toBe('not_found');
      const persona = await api(`${path}?personaId=per_nope`, { method, body });
      expect(persona.status, `${method} ${path} persona`).toBe(404);
      expect(persona.body.error.message).toContain('persona');
    }
  });

  it('documents every route in OpenAPI with its parameters and the viewer role', async () => {
    const doc = (await call(`${srv.url}/api/openapi.json`)).body;
    const names = (op: { parameters: { name: string }[] }) => op.parameters.map((p) => p.name);
    expect(names(doc.paths['/api/touchpoints/{id}/series'].get)).toEqual(
      expect.arrayContaining(['id', 'from', 'to', 'personaId', 'bucket']),
    );
    expect(names(doc.paths['/api/touchpoints/{id}/dropped-off'].get)).toEqual(
      expect.arrayContaining(['from', 'to', 'personaId', 'limit', 'offset']),
    );
    expect(doc.paths['/api/touchpoints/{id}/next'].get['x-waymark-role']).toBe('viewer');
    expect(doc.paths['/api/journeys/{id}/series'].get).toBeDefined();
    const previewOp = doc.paths['/api/journeys/{id}/match-preview'].post;
    expect(previewOp['x-waymark-role']).toBe('viewer');
    expect(
      previewOp.requestBody.content['application/json'].schema.properties.matchRules.items,
    ).toBeDefined();
  });
});

describe('classification', () => {
  it('applies property conditions event by event, the first touchpoint in map order winning', async () => {
    const ws = await srv.store.createWorkspace({ name: 'Properties' });
    const k = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
    const write = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
    const j = (await api('/api/journeys', { auth: k, body: { name: 'Mail' } })).body;
    const s = (await api(`/api/journeys/${j.id}/stages`, { auth: k, body: { name: 'S' } })).body;
    const mk = async (name: string, matchRules: unknown[]) =>
      (
        await api(`/api/journeys/${j.id}/touchpoints`, {
          auth: k,
          body: { stageId: s.id, name, channel: 'email', phase: 'before', matchRules },
        })
      ).body.id as string;
    // Promo mails go to the first touchpoint; every other opening falls through to the second.
    const promo = await mk('Promo', [
      { event: 'Email Opened', properties: [{ key: 'email_type', op: 'eq', value: 'promo' }] },
    ]);
    const other = await mk('Any mail', [{ event: 'email opened' }]);
    const open = (userId: string, ts: string, properties: Record<string, unknown>) => ({
      type: 'track',
      userId,
      event: 'Email Opened',
      timestamp: at(ts),
      properties,
    });
    const batch = [
      open('m1', '01-02T10:00', { email_type: 'promo' }),
      open('m1', '01-03T10:00', { email_type: 'invoice' }),
      open('m2', '01-04T10:00', {}),
    ];
    expect((await call(`${srv.url}/v1/batch`, { auth: write, body: { batch } })).status).toBe(200);
    const series = async (id: string) =>
      (await api(`/api/touchpoints/${id}/series?${range}`, { auth: k })).body.totals;
    expect(await series(promo)).toEqual({ volume: 1, reach: 1, converted: 0 });
    expect(await series(other)).toEqual({ volume: 2, reach: 2, converted: 0 });
    // m1's promo opening is followed a day later by the other touchpoint.
    const next = (await api(`/api/touchpoints/${promo}/next?${range}`, { auth: k })).body;
    expect(next.steps).toEqual([
      expect.objectContaining({ touchpointId: other, count: 1, medianHours: 24 }),
    ]);
    const preview = await api(`/api/journeys/${j.id}/match-preview?${range}`, {
      auth: k,
      method: 'POST',
      body: { matchRules: [{ event: 'Email *' }] },
    });
    expect(preview.body.claimed).toEqual([
      { touchpointId: other, name: 'Any mail', count: 2 },
      { touchpointId: promo, name: 'Promo', count: 1 },
    ]);
  });
});
