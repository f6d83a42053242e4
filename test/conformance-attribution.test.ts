import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributeMarkov } from '../src/core/attribution/markov-model.ts';
import type { TPath } from '../src/core/attribution/types.ts';
import { createUserInWorkspace } from '../src/store/setup.ts';
import { basic, call, startTestServer, type TestServer } from './helpers/server.ts';
import { asBrowser, signIn } from './helpers/session.ts';

/**
 * Conformance and attribution over a small hand-made event set, against a real listening server
 * and DuckDB. Every expected figure is worked out by hand in the comments next to it.
 *
 * The map (map order T0 … T4):
 *   Discover: T0 Ad (ads, `Ad Clicked`), T1 Landing (web, pages `/landing*`)
 *   Buy:      T2 Checkout (web, `Checkout Started`), T3 Receipt (email, `Receipt Opened`)
 *   Service:  T4 Support chat (chat, `Chat Started`)
 * Goal `Order Completed` (value `revenue`), conversion window 7 days: the default lookback.
 *
 * Customers (2025):
 *   A (pro, email alice@example.com): T0 01-01 10:00, T1 01-01 11:00, T2 01-02 10:00,
 *     order 01-02 10:05 (100), T3 01-02 12:00: follows the map.
 *   B: T0 01-05 10:00, T2 01-06 10:00, order 01-06 10:10 (50): skips T1.
 *   C: T1 01-10, T2 01-11, T1 01-12, T2 01-13, T1 01-14 (all 10:00), no order: goes back twice.
 *   D (pro, name Dana): T0 01-20 09:00, order 01-20 10:00 (30), T4 01-21 10:00, T1 01-25 10:00,
 *     order 01-26 10:00 (70): converts twice, with a support chat between.
 *   E: pages /pricing/plan-2 and /pricing/plan-3, `Video Played` (02-01), T1 02-02 10:00.
 *   F: order 02-10 10:00 (20), no touch at all.
 *   G: T0 02-01 10:00, order 02-15 10:00 (40): the touch is 14 days before the order.
 *   H: page /pricing/plan-9 (02-03), nothing else.
 */
let srv: TestServer;
let key: string;
let journeyId: string;
let personaId: string;
const T: string[] = [];

const at = (d: string) => `2025-${d}:00.000Z`;
const range = `from=${at('01-01T00:00')}&to=${at('03-01T00:00')}`;

function api(path: string, init: { method?: string; body?: unknown; auth?: string } = {}) {
  return call(`${srv.url}${path}`, { auth: key, ...init });
}

beforeAll(async () => {
  srv = await startTestServer();
  key = `Bearer ${srv.apiKey}`;
  const write = basic(srv.writeKey);
  const j = await api('/api/journeys', {
    body: {
      name: 'Conformance example',
      goal: { event: 'Order Completed', valueProperty: 'revenue' },
      settings: { conversionWindowDays: 7, inactivityDays: 14 },
    },
  });
  journeyId = j.body.id;
  const stage = async (name: string) =>
    (await api(`/api/journeys/${journeyId}/stages`, { body: { name } })).body.id as string;
  const discover = await stage('Discover');
  const buy = await stage('Buy');
  const service = await stage('Service');
  const mk = async (stageId: string, name: string, channel: string, matchRules: unknown[]) =>
    (
      await api(`/api/journeys/${journeyId}/touchpoints`, {
        body: { stageId, name, channel, phase: 'before', matchRules },
      })
    ).body.id as string;
  T.push(await mk(discover, 'Ad', 'ads', [{ event: 'Ad Clicked' }]));
  T.push(await mk(discover, 'Landing', 'web', [{ type: 'page', path: '/landing*' }]));
  T.push(await mk(buy, 'Checkout', 'web', [{ event: 'Checkout Started' }]));
  T.push(await mk(buy, 'Receipt', 'email', [{ event: 'Receipt Opened' }]));
  T.push(await mk(service, 'Support chat', 'chat', [{ event: 'Chat Started' }]));

  const track = (userId: string, event: string, ts: string, properties = {}) => ({
    type: 'track',
    userId,
    event,
    timestamp: at(ts),
    properties,
  });
  const page = (userId: string, path: string, ts: string) => ({
    type: 'page',
    userId,
    properties: { path },
    timestamp: at(ts),
  });
  const identify = (userId: string, traits: Record<string, string>) => ({
    type: 'identify',
    userId,
    traits,
    timestamp: at('01-01T00:30'),
  });
  const order = (userId: string, ts: string, revenue: number) =>
    track(userId, 'Order Completed', ts, { revenue });
  const batch = [
    identify('a', { plan: 'pro', email: 'alice@example.com' }),
    track('a', 'Ad Clicked', '01-01T10:00'),
    page('a', '/landing/spring', '01-01T11:00'),
    track('a', 'Checkout Started', '01-02T10:00'),
    order('a', '01-02T10:05', 100),
    track('a', 'Receipt Opened', '01-02T12:00'),
    track('b', 'Ad Clicked', '01-05T10:00'),
    track('b', 'Checkout Started', '01-06T10:00'),
    order('b', '01-06T10:10', 50),
    page('c', '/landing', '01-10T10:00'),
    track('c', 'Checkout Started', '01-11T10:00'),
    page('c', '/landing', '01-12T10:00'),
    track('c', 'Checkout Started', '01-13T10:00'),
    page('c', '/landing', '01-14T10:00'),
    identify('d', { plan: 'pro', name: 'Dana' }),
    track('d', 'Ad Clicked', '01-20T09:00'),
    order('d', '01-20T10:00', 30),
    track('d', 'Chat Started', '01-21T10:00'),
    page('d', '/landing', '01-25T10:00'),
    order('d', '01-26T10:00', 70),
    page('e', '/pricing/plan-2', '02-01T09:00'),
    page('e', '/pricing/plan-3', '02-01T09:30'),
    track('e', 'Video Played', '02-01T09:40'),
    page('e', '/landing', '02-02T10:00'),
    order('f', '02-10T10:00', 20),
    track('g', 'Ad Clicked', '02-01T10:00'),
    order('g', '02-15T10:00', 40),
    page('h', '/pricing/plan-9', '02-03T10:00'),
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

/** Fitness of each customer, by hand (docs/analytics.md): (order + coverage) ÷ 2. */
const FITNESS = {
  // 0 1 2 3: span T0-T3 all met, no move back.
  A: 1,
  // 0 2: span T0-T2, T1 missed: coverage 2/3, order 1.
  B: (1 + 2 / 3) / 2,
  // 1 2 1 2 1: span T0-T2 (T1's stage starts at T0), met T1 T2: 2/3; 2 of 4 moves back: 1/2.
  C: (1 / 2 + 2 / 3) / 2,
  // 0 4 1: span T0-T4, met 3 of 5; 1 of 2 moves back (T4 → T1).
  D: (1 / 2 + 3 / 5) / 2,
  // 1: span T0-T1, met 1 of 2; no move.
  E: (1 + 1 / 2) / 2,
  // 0: span T0 alone.
  G: 1,
};

describe('conformance', () => {
  it('scores every customer with a touch and sums up skips and backward moves by hand', async () => {
    const r = await api(`/api/journeys/${journeyId}/conformance?${range}`);
    expect(r.status).toBe(200);
    const b = r.body;
    expect(b).toMatchObject({ journeyId, personaId: null, customers: 6 });
    const all = Object.values(FITNESS);
    expect(b.meanFitness).toBeCloseTo(all.reduce((s, f) => s + f, 0) / 6, 12);
    // A, G: 1 → bin 9; B 0.83 → 8; E 0.75 → 7; C 0.58 and D 0.55 → 5.
    expect(b.histogram.map((h: { customers: number }) => h.customers)).toEqual([
      0, 0, 0, 0, 0, 2, 0, 1, 1, 2,
    ]);
    expect(b.histogram[0]).toEqual({ from: 0, to: 0.1, customers: 0 });
    // Spans: A T0-T3, B T0-T2, C T0-T2, D T0-T4, E T0-T1, G T0.
    // T0: all 6 eligible, C and E never met it. T1: 5 eligible (not G), B skipped it.
    // T2: A B C D eligible, D skipped. T3: A D eligible, D skipped. T4: D only, met.
    expect(b.touchpoints).toEqual([
      {
        touchpointId: T[0],
        customers: 4,
        skipped: 2,
        eligible: 6,
        skipRate: 2 / 6,
        backwardsIn: 0,
        backwardsOut: 0,
      },
      {
        touchpointId: T[1],
        customers: 4,
        skipped: 1,
        eligible: 5,
        skipRate: 1 / 5,
        backwardsIn: 3,
        backwardsOut: 0,
      },
      {
        touchpointId: T[2],
        customers: 3,
        skipped: 1,
        eligible: 4,
        skipRate: 1 / 4,
        backwardsIn: 0,
        backwardsOut: 2,
      },
      {
        touchpointId: T[3],
        customers: 1,
        skipped: 1,
        eligible: 2,
        skipRate: 1 / 2,
        backwardsIn: 0,
        backwardsOut: 0,
      },
      {
        touchpointId: T[4],
        customers: 1,
        skipped: 0,
        eligible: 1,
        skipRate: 0,
        backwardsIn: 0,
        backwardsOut: 1,
      },
    ]);
    // Most skipped first, then by rate: T0 (2), T3 (1 of 2), T2 (1 of 4), T1 (1 of 5).
    expect(b.skipped).toEqual([
      { touchpointId: T[0], skipped: 2, eligible: 6, rate: 2 / 6 },
      { touchpointId: T[3], skipped: 1, eligible: 2, rate: 1 / 2 },
      { touchpointId: T[2], skipped: 1, eligible: 4, rate: 1 / 4 },
      { touchpointId: T[1], skipped: 1, eligible: 5, rate: 1 / 5 },
    ]);
    // C went Checkout → Landing twice; D Support chat → Landing once.
    expect(b.backwards).toEqual([
      { from: T[2], to: T[1], count: 2, customers: 1 },
      { from: T[4], to: T[1], count: 1, customers: 1 },
    ]);
  });

  it('lists the event kinds no touchpoint claims, with a rule and a catalog template', async () => {
    const r = await api(`/api/journeys/${journeyId}/conformance?${range}`);
    // Pages of E (2) and H (1) are one kind by path pattern; identify calls and orders are not
    // interactions left unmatched.
    expect(r.body.unmatched).toEqual([
      {
        type: 'page',
        event: null,
        path: '/pricing/*',
        events: 3,
        customers: 2,
        suggestedRule: { type: 'page', path: '/pricing/*' },
        suggestedTemplate: 'pricing-page',
      },
      {
        type: 'track',
        event: 'Video Played',
        path: null,
        events: 1,
        customers: 1,
        suggestedRule: { type: 'track', event: 'Video Played' },
        suggestedTemplate: null,
      },
    ]);
    const top = await api(`/api/journeys/${journeyId}/conformance?${range}&top=1`);
    expect(top.body.unmatched).toHaveLength(1);
    expect(top.body.skipped).toHaveLength(1);
    expect(top.body.backwards).toEqual([{ from: T[2], to: T[1], count: 2, customers: 1 }]);
  });

  it('restricts to a persona, and compares every persona whatever the filter', async () => {
    const r = await api(`/api/journeys/${journeyId}/conformance?${range}&personaId=${personaId}`);
    expect(r.status).toBe(200);
    // A and D.
    expect(r.body.customers).toBe(2);
    expect(r.body.meanFitness).toBeCloseTo((FITNESS.A + FITNESS.D) / 2, 12);
    expect(r.body.backwards).toEqual([{ from: T[4], to: T[1], count: 1, customers: 1 }]);
    expect(r.body.byPersona).toEqual([
      { personaId, name: 'Pro', customers: 2, meanFitness: expect.closeTo(0.775, 12) },
    ]);
    const everyone = await api(`/api/journeys/${journeyId}/conformance?${range}`);
    expect(everyone.body.byPersona).toEqual(r.body.byPersona);
  });

  it('pages customers worst first, or best first, with their labels and sequences', async () => {
    const path = `/api/journeys/${journeyId}/conformance/customers?${range}`;
    const worst = await api(path);
    expect(worst.status).toBe(200);
    expect(worst.body.total).toBe(6);
    // D 0.55, C 0.583, E 0.75, B 0.833, then G and A at 1 (the shorter sequence first).
    const labels = worst.body.items.map((i: { label: string }) => i.label);
    expect(labels.slice(0, 1)).toEqual(['Dana']);
    expect(labels[5]).toBe('alice@example.com');
    expect(worst.body.items.map((i: { fitness: number }) => i.fitness)).toEqual([
      FITNESS.D,
      FITNESS.C,
      FITNESS.E,
      FITNESS.B,
      FITNESS.G,
      FITNESS.A,
    ]);
    expect(worst.body.items[0]).toMatchObject({
      met: 3,
      skipped: 2,
      backwards: 1,
      sequence: [T[0], T[4], T[1]],
    });
    expect(worst.body.items[1]).toMatchObject({
      met: 2,
      skipped: 1,
      backwards: 2,
      sequence: [T[1], T[2], T[1], T[2], T[1]],
    });
    const page = await api(`${path}&limit=2&offset=1`);
    expect(page.body.total).toBe(6);
    expect(page.body.items.map((i: { fitness: number }) => i.fitness)).toEqual([
      FITNESS.C,
      FITNESS.E,
    ]);
    expect(page.body.items[0].customerId).toBe(worst.body.items[1].customerId);
    const best = await api(`${path}&order=desc&limit=3`);
    expect(best.body.items.map((i: { fitness: number }) => i.fitness)).toEqual([1, 1, FITNESS.B]);
    expect(best.body.items[1].label).toBe('alice@example.com');
    const pro = await api(`${path}&personaId=${personaId}`);
    expect(pro.body.total).toBe(2);
    expect(pro.body.items.map((i: { label: string }) => i.label)).toEqual([
      'Dana',
      'alice@example.com',
    ]);
    const beyond = await api(`${path}&offset=6`);
    expect(beyond.body).toEqual({ total: 6, items: [] });
  });
});

/** The hand-made paths by channel (7-day lookback): see the file's comment. */
const CONVERTING: TPath[] = [
  { channels: ['ads', 'web', 'web'], conversions: 1, value: 100, nulls: 0 }, // A
  { channels: ['ads', 'web'], conversions: 1, value: 50, nulls: 0 }, // B
  { channels: ['ads'], conversions: 1, value: 30, nulls: 0 }, // D, first order
  { channels: ['chat', 'web'], conversions: 1, value: 70, nulls: 0 }, // D, second order
];
const NON_CONVERTING: TPath[] = [
  { channels: ['web', 'web', 'web', 'web', 'web'], conversions: 0, value: 0, nulls: 1 }, // C
  { channels: ['web'], conversions: 0, value: 0, nulls: 1 }, // E
];

interface Row {
  key: string;
  conversions: number;
  value: number;
  removalEffect?: number;
}
const byKey = (rows: Row[]) => Object.fromEntries(rows.map((r) => [r.key, r]));
const sum = (rows: Row[], field: 'conversions' | 'value' = 'conversions') =>
  rows.reduce((s, r) => s + r[field], 0);

describe('attribution', () => {
  it('builds each conversion path within the lookback and after the previous conversion', async () => {
    const r = await api(`/api/journeys/${journeyId}/attribution?${range}`);
    expect(r.status).toBe(200);
    const b = r.body;
    expect(b).toMatchObject({
      journeyId,
      by: 'channel',
      personaId: null,
      lookbackDays: 7,
      halfLifeDays: 7,
      position: [0.4, 0.2, 0.4],
      markovOrder: 1,
    });
    // Six orders (310); F's has no touch and G's Ad is 14 days before its order: 2 direct (60).
    expect(b.totals).toEqual({
      conversions: 6,
      value: 310,
      convertingPaths: 4,
      nonConvertingPaths: 2,
      unattributed: 2,
      unattributedValue: 60,
      distinctPaths: 6,
    });
    expect(b.keys).toEqual([
      { key: 'ads', label: 'ads', channel: 'ads' },
      { key: 'web', label: 'web', channel: 'web' },
      { key: 'email', label: 'email', channel: 'email' },
      { key: 'chat', label: 'chat', channel: 'chat' },
    ]);
    expect(b.notes).toHaveLength(1);
    expect(b.notes[0]).toContain('2 conversion(s) had no touch');
    const m = b.models;
    // First: A, B, D1 start on ads; D2 on chat. Last: A, B, D2 end on web; D1 on ads.
    expect(m.first).toEqual([
      { key: 'ads', conversions: 3, value: 180 },
      { key: 'web', conversions: 0, value: 0 },
      { key: 'email', conversions: 0, value: 0 },
      { key: 'chat', conversions: 1, value: 70 },
    ]);
    expect(byKey(m.last)).toMatchObject({
      ads: { conversions: 1, value: 30 },
      web: { conversions: 3, value: 220 },
    });
    // Linear: ads 1/3 + 1/2 + 1, web 2/3 + 1/2 + 1/2, chat 1/2.
    expect(byKey(m.linear).ads!.conversions).toBeCloseTo(1 / 3 + 1 / 2 + 1, 12);
    expect(byKey(m.linear).ads!.value).toBeCloseTo(100 / 3 + 25 + 30, 9);
    expect(byKey(m.linear).web!.conversions).toBeCloseTo(2 / 3 + 1, 12);
    expect(byKey(m.linear).chat!.conversions).toBeCloseTo(0.5, 12);
    // Position 40/20/40: A ads .4 web .6; B 50/50 (two touches); D1 ads 1; D2 chat .5 web .5.
    expect(byKey(m.position).ads!.conversions).toBeCloseTo(1.9, 12);
    expect(byKey(m.position).web!.conversions).toBeCloseTo(1.6, 12);
    expect(byKey(m.position).web!.value).toBeCloseTo(60 + 25 + 35, 9);
    // Shapley: {ads, web} ×2 split evenly, {ads} to ads, {chat, web} split evenly.
    expect(byKey(m.shapley).ads).toMatchObject({ conversions: 2, value: 105 });
    expect(byKey(m.shapley).web!.conversions).toBeCloseTo(1.5, 12);
    expect(byKey(m.shapley).chat!.conversions).toBeCloseTo(0.5, 12);
  });

  it('gives Markov removal effects as worked out by hand on the order-1 chain', async () => {
    const r = await api(`/api/journeys/${journeyId}/attribution?${range}`);
    // Collapsed: ads>web ×2 and chat>web convert, ads converts, web ×2 does not.
    // P(web) = 3/5, P(ads) = 1/3 + 2/3 · 3/5 = 11/15, P(chat) = 3/5;
    // P = 3/6 · 11/15 + 1/6 · 3/5 + 2/6 · 3/5 = 2/3.
    // Without ads 9/30 → RE 0.55; without web 1/6 → 0.75; without chat 17/30 → 0.15.
    const markov = byKey(r.body.models.markov);
    expect(markov.ads!.removalEffect).toBeCloseTo(0.55, 12);
    expect(markov.web!.removalEffect).toBeCloseTo(0.75, 12);
    expect(markov.chat!.removalEffect).toBeCloseTo(0.15, 12);
    expect(markov.email).toEqual({ key: 'email', conversions: 0, value: 0, removalEffect: 0 });
    expect(markov.ads!.conversions).toBeCloseTo((4 * 0.55) / 1.45, 12);
    expect(markov.web!.value).toBeCloseTo((250 * 0.75) / 1.45, 9);
    // The same as the core model over the hand-made paths, for every order.
    for (const order of [1, 2, 3]) {
      const o = await api(`/api/journeys/${journeyId}/attribution?${range}&markovOrder=${order}`);
      const core = attributeMarkov([...CONVERTING, ...NON_CONVERTING], { order });
      for (const c of core.credits) {
        expect(byKey(o.body.models.markov)[c.channel]!.conversions).toBeCloseTo(c.conversions, 12);
        expect(byKey(o.body.models.markov)[c.channel]!.removalEffect).toBeCloseTo(
          c.removalEffect!,
          12,
        );
      }
    }
  });

  it('weighs touches by time decay from the conversion, half a weight per half-life', async () => {
    const r = await api(
      `/api/journeys/${journeyId}/attribution?${range}&personaId=${personaId}&halfLifeDays=1`,
    );
    expect(r.status).toBe(200);
    // Pro: A and D. Ages in days: A's Ad 1 + 5/1440, Landing 23h05 ≈ 0.9618, Checkout 5 min;
    // D1's Ad 1 h (alone: all of it); D2's chat 5 days, landing 1 day: 1/32 against 1/2.
    const day = 1440;
    const a = [1 + 5 / day, (23 * 60 + 5) / day, 5 / day].map((age) => 2 ** -age);
    const aSum = a[0]! + a[1]! + a[2]!;
    const decay = byKey(r.body.models.timeDecay);
    expect(decay.ads!.conversions).toBeCloseTo(a[0]! / aSum + 1, 12);
    expect(decay.web!.conversions).toBeCloseTo((a[1]! + a[2]!) / aSum + 16 / 17, 12);
    expect(decay.chat!.conversions).toBeCloseTo(1 / 17, 12);
    expect(decay.chat!.value).toBeCloseTo(70 / 17, 9);
    expect(decay.ads!.value).toBeCloseTo((100 * a[0]!) / aSum + 30, 9);
    expect(r.body.totals).toMatchObject({ conversions: 3, value: 200, unattributed: 0 });
  });

  it('widens the lookback and credits touchpoints, with Shapley for few touchpoints', async () => {
    const r = await api(
      `/api/journeys/${journeyId}/attribution?${range}&by=touchpoint&lookbackDays=14&position=0.3,0.4,0.3`,
    );
    expect(r.status).toBe(200);
    // G's Ad is 14 days before its order: inside; D's second order still stops at the first.
    expect(r.body.totals).toMatchObject({ conversions: 6, unattributed: 1, convertingPaths: 5 });
    expect(r.body.keys.map((k: { key: string }) => k.key)).toEqual(T);
    expect(r.body.keys[4]).toEqual({ key: T[4], label: 'Support chat', channel: 'chat' });
    expect(r.body.position).toEqual([0.3, 0.4, 0.3]);
    const first = byKey(r.body.models.first);
    // A, B, D1, G start on the Ad; D2 on the chat.
    expect(first[T[0]!]).toMatchObject({ conversions: 4, value: 220 });
    expect(first[T[4]!]).toMatchObject({ conversions: 1, value: 70 });
    // Position 30/40/30: A (T0 T1 T2) gives T1 the middle 0.4; B and D2 two touches, 50/50.
    const position = byKey(r.body.models.position);
    expect(position[T[1]!]!.conversions).toBeCloseTo(0.4 + 0.5, 12);
    expect(position[T[0]!]!.conversions).toBeCloseTo(0.3 + 0.5 + 1 + 1, 12);
    expect(r.body.models.shapley).not.toBeNull();
    expect(r.body.notes).toHaveLength(1);
  });

  it('adds up every model to the attributed conversions, whatever the options', async () => {
    for (const q of [
      '',
      '&by=touchpoint',
      '&markovOrder=2',
      '&markovOrder=3&by=touchpoint',
      `&personaId=${personaId}`,
      '&lookbackDays=1&halfLifeDays=0.01',
      '&position=1,0,0',
    ]) {
      const r = await api(`/api/journeys/${journeyId}/attribution?${range}${q}`);
      expect(r.status, q).toBe(200);
      const { totals, models } = r.body;
      const attributed = totals.conversions - totals.unattributed;
      expect(attributed, q).toBe(totals.convertingPaths);
      for (const [name, rows] of Object.entries(models) as [string, Row[] | null][]) {
        if (rows === null) continue;
        expect(sum(rows), `${q} ${name}`).toBeCloseTo(attributed, 9);
        expect(sum(rows, 'value'), `${q} ${name} value`).toBeCloseTo(
          totals.value - totals.unattributedValue,
          6,
        );
      }
    }
  });

  it('leaves Shapley out beyond twelve touchpoints, with a note', async () => {
    // A workspace of its own, so that its events are no unmatched kinds of the example.
    const ws = await srv.store.createWorkspace({ name: 'Many touchpoints' });
    const auth = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
    const write = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
    const post = (path: string, body: unknown) => api(path, { auth, body });
    const j = (await post('/api/journeys', { name: 'Many', goal: { event: 'Buy' } })).body;
    const s = (await post(`/api/journeys/${j.id}/stages`, { name: 'All' })).body.id;
    const batch: unknown[] = [];
    for (let i = 0; i < 13; i++) {
      await api(`/api/journeys/${j.id}/touchpoints`, {
        auth,
        body: {
          stageId: s,
          name: `Step ${i}`,
          channel: 'web',
          phase: 'before',
          matchRules: [{ event: `Step ${i}` }],
        },
      });
      const ts = `02-01T${String(10 + i).padStart(2, '0')}:00`;
      batch.push({ type: 'track', userId: 'many', event: `Step ${i}`, timestamp: at(ts) });
    }
    batch.push({ type: 'track', userId: 'many', event: 'Buy', timestamp: at('02-02T10:00') });
    expect((await call(`${srv.url}/v1/batch`, { auth: write, body: { batch } })).status).toBe(200);
    const r = await api(`/api/journeys/${j.id}/attribution?${range}&by=touchpoint`, { auth });
    expect(r.status).toBe(200);
    expect(r.body.models.shapley).toBeNull();
    expect(r.body.notes.join(' ')).toContain('at most 12 touchpoints (13 are on paths)');
    expect(sum(r.body.models.linear)).toBeCloseTo(1, 12);
    const channel = await api(`/api/journeys/${j.id}/attribution?${range}`, { auth });
    expect(channel.body.models.shapley).toEqual([{ key: 'web', conversions: 1, value: 0 }]);
  });
});

describe('empty journeys', () => {
  it('answers zeros for a journey without touchpoints or goal', async () => {
    const j = (await api('/api/journeys', { body: { name: 'Empty' } })).body;
    const c = await api(`/api/journeys/${j.id}/conformance?${range}`);
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      customers: 0,
      meanFitness: null,
      touchpoints: [],
      backwards: [],
    });
    // Nothing is claimed, and without a goal the orders (A, B, D twice, F, G) are
    // interactions like any other; then C's, D's and E's landing pages.
    expect(c.body.unmatched.slice(0, 2)).toEqual([
      expect.objectContaining({ type: 'track', event: 'Order Completed', events: 6, customers: 5 }),
      expect.objectContaining({ type: 'page', path: '/landing', events: 5, customers: 3 }),
    ]);
    const people = await api(`/api/journeys/${j.id}/conformance/customers?${range}`);
    expect(people.body).toEqual({ total: 0, items: [] });
    const a = await api(`/api/journeys/${j.id}/attribution?${range}`);
    expect(a.status).toBe(200);
    expect(a.body.totals).toMatchObject({ conversions: 0, unattributed: 0, distinctPaths: 0 });
    expect(a.body.keys).toEqual([]);
    expect(a.body.models.markov).toEqual([]);
  });
});

describe('validation, access and documentation', () => {
  it('answers 400 naming the field for bad options', async () => {
    const bad: Array<[string, string]> = [
      ['attribution', 'position=0.5,0.5,0.5'],
      ['attribution', 'position=abc'],
      ['attribution', 'by=campaign'],
      ['attribution', 'markovOrder=4'],
      ['attribution', 'lookbackDays=0'],
      ['attribution', 'lookbackDays=366'],
      ['attribution', 'halfLifeDays=0'],
      ['conformance', 'top=0'],
      ['conformance', 'top=201'],
      ['conformance/customers', 'order=sideways'],
      ['conformance/customers', 'limit=501'],
    ];
    for (const [route, q] of bad) {
      const r = await api(`/api/journeys/${journeyId}/${route}?${q}`);
      expect(r.status, `${route}?${q}`).toBe(400);
      expect(r.body.error.details[0].path, `${route}?${q}`).toBe(`query.${q.split('=')[0]}`);
    }
    const reversed = await api(
      `/api/journeys/${journeyId}/attribution?from=${at('03-01T00:00')}&to=${at('01-01T00:00')}`,
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body.error.details[0].path).toBe('query.from');
  });

  it('answers 404 for unknown or foreign journeys and unknown personas', async () => {
    const ws = await srv.store.createWorkspace({ name: 'Elsewhere' });
    const foreign = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
    for (const route of ['conformance', 'conformance/customers', 'attribution']) {
      const missing = await api(`/api/journeys/jny_nope/${route}`);
      expect(missing.status, route).toBe(404);
      const other = await api(`/api/journeys/${journeyId}/${route}`, { auth: foreign });
      expect(other.status, route).toBe(404);
      expect(other.body.error.code).toBe('not_found');
      const persona = await api(`/api/journeys/${journeyId}/${route}?personaId=per_nope`);
      expect(persona.status, route).toBe(404);
      expect(persona.body.error.message).toContain('persona');
    }
  });

  it('lets a viewer read every report, documented in OpenAPI', async () => {
    await createUserInWorkspace(srv.store, {
      email: 'viewer@conformance.test',
      name: 'Viewer',
      password: 'a long enough password',
      workspaceId: srv.workspaceId,
      role: 'viewer',
    });
    const session = await signIn(srv.url, 'viewer@conformance.test', 'a long enough password');
    for (const route of ['conformance', 'conformance/customers', 'attribution']) {
      const r = await asBrowser(
        srv.url,
        session,
        srv.workspaceId,
        `/api/journeys/${journeyId}/${route}?${range}`,
      );
      expect(r.status, route).toBe(200);
    }
    const doc = (await call(`${srv.url}/api/openapi.json`)).body;
    const op = doc.paths['/api/journeys/{id}/attribution'].get;
    expect(op['x-waymark-role']).toBe('viewer');
    expect(op.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['by', 'lookbackDays', 'halfLifeDays', 'position', 'markovOrder']),
    );
    expect(doc.paths['/api/journeys/{id}/conformance'].get).toBeDefined();
    expect(doc.paths['/api/journeys/{id}/conformance/customers'].get).toBeDefined();
  });
});
