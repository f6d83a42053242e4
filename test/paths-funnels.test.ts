import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserInWorkspace } from '../src/store/setup.ts';
import { basic, call, startTestServer, type TestServer } from './helpers/server.ts';
import { asBrowser, signIn } from './helpers/session.ts';
import { missingDataReason, sharedDataFile } from './helpers/shared-data.ts';

/**
 * Paths and funnels (docs/analytics.md) against a real listening server and DuckDB file, on a
 * small hand-made event set. Every expected figure is worked out by hand in the comments.
 *
 * Journey: goal `Order Completed`, conversion window 7 days. Touchpoints in map order:
 * T0 Landing (page /landing*), T1 Newsletter (Email Opened), T2 Checkout (Checkout Started).
 *
 * | customer | events (2025, UTC) | touchpoint level |
 * | --- | --- | --- |
 * | A (pro, a@example.com) | Jan 1 10:00 and 10:05 /landing, Jan 2 09:00 Email Opened, Jan 3 12:00 Checkout Started, 12:10 Order Completed | T0 T0 T1 T2 $goal |
 * | B (name Bea) | Jan 5 08:00 /landing, Jan 6 08:00 Checkout Started | T0 T2 |
 * | C | Jan 10 12:00 /landing, Jan 30 12:00 /landing, Jan 31 12:00 Checkout Started, Feb 5 12:00 Order Completed | T0 T0 T2 $goal |
 * | D | Jan 20 09:00 Checkout Started and Email Opened (same instant), Jan 21 09:05 /pricing | T1 T2 (map order at one instant) |
 * | E | Feb 25 12:00 /landing | T0 |
 * | F | Jan 15 12:00 Order Completed | $goal |
 */
let srv: TestServer;
let key: string;
let journeyId: string;
let otherJourneyTp: string;
let personaId: string;
let workspaceId: string;
const tp = { T0: '', T1: '', T2: '' };
const customer: Record<string, string> = {};

const at = (d: string) => `2025-${d}:00.000Z`;
const FROM = at('01-01T00:00');
const TO = at('03-01T00:00');
const range = `from=${FROM}&to=${TO}`;

function api(p: string, init: { method?: string; body?: unknown; auth?: string } = {}) {
  return call(`${srv.url}${p}`, { auth: key, ...init });
}

/** A list of `{ key, … }` as an object by key, to compare without relying on tie order. */
const byKey = <T extends { key: string }>(rows: T[]) =>
  Object.fromEntries(rows.map(({ key, ...rest }) => [key, rest]));

beforeAll(async () => {
  srv = await startTestServer();
  const ws = await srv.store.createWorkspace({ name: 'Paths' });
  workspaceId = ws.id;
  key = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
  const write = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
  const j = await api('/api/journeys', {
    body: {
      name: 'Paths',
      goal: { event: 'Order Completed' },
      settings: { conversionWindowDays: 7, inactivityDays: 14 },
    },
  });
  journeyId = j.body.id;
  const stage = async (id: string, name: string) =>
    (await api(`/api/journeys/${id}/stages`, { body: { name } })).body.id as string;
  const touchpoint = async (id: string, stageId: string, name: string, matchRules: unknown[]) =>
    (
      await api(`/api/journeys/${id}/touchpoints`, {
        body: { stageId, name, channel: 'web', phase: 'before', matchRules },
      })
    ).body.id as string;
  const discover = await stage(journeyId, 'Discover');
  const buy = await stage(journeyId, 'Buy');
  tp.T0 = await touchpoint(journeyId, discover, 'Landing', [{ type: 'page', path: '/landing*' }]);
  tp.T1 = await touchpoint(journeyId, discover, 'Newsletter', [{ event: 'Email Opened' }]);
  tp.T2 = await touchpoint(journeyId, buy, 'Checkout', [{ event: 'Checkout Started' }]);
  const other = (await api('/api/journeys', { body: { name: 'Other' } })).body.id;
  otherJourneyTp = await touchpoint(other, await stage(other, 'Only'), 'Elsewhere', [
    { event: 'Elsewhere' },
  ]);

  const track = (userId: string, event: string, ts: string) => ({
    type: 'track',
    userId,
    event,
    timestamp: at(ts),
  });
  const page = (userId: string, p: string, ts: string) => ({
    type: 'page',
    userId,
    properties: { path: p },
    timestamp: at(ts),
  });
  const identify = (userId: string, traits: object, ts: string) => ({
    type: 'identify',
    userId,
    traits,
    timestamp: at(ts),
  });
  const batch = [
    identify('a', { plan: 'pro', email: 'a@example.com' }, '01-01T09:00'),
    page('a', '/landing', '01-01T10:00'),
    page('a', '/landing', '01-01T10:05'),
    track('a', 'Email Opened', '01-02T09:00'),
    track('a', 'Checkout Started', '01-03T12:00'),
    track('a', 'Order Completed', '01-03T12:10'),
    identify('b', { name: 'Bea' }, '01-05T07:00'),
    page('b', '/landing', '01-05T08:00'),
    track('b', 'Checkout Started', '01-06T08:00'),
    page('c', '/landing', '01-10T12:00'),
    page('c', '/landing', '01-30T12:00'),
    track('c', 'Checkout Started', '01-31T12:00'),
    track('c', 'Order Completed', '02-05T12:00'),
    track('d', 'Checkout Started', '01-20T09:00'),
    track('d', 'Email Opened', '01-20T09:00'),
    page('d', '/pricing', '01-21T09:05'),
    page('e', '/landing', '02-25T12:00'),
    track('f', 'Order Completed', '01-15T12:00'),
    // After the range of the other tests: two landings at one instant, one an hour later.
    page('g', '/landing', '03-10T10:00'),
    page('g', '/landing', '03-10T10:00'),
    page('g', '/landing', '03-10T11:00'),
  ];
  expect((await call(`${srv.url}/v1/batch`, { auth: write, body: { batch } })).status).toBe(200);
  // H, in March too: a visitor lands, a user checks out, then one identify links both profiles
  // (a merge: their events count for one canonical customer).
  for (const event of [
    {
      type: 'page',
      anonymousId: 'anon-h',
      properties: { path: '/landing' },
      timestamp: at('03-12T10:00'),
    },
    track('h', 'Checkout Started', '03-12T11:00'),
    { type: 'identify', userId: 'h', anonymousId: 'anon-h', timestamp: at('03-12T12:00') },
  ]) {
    const sent = await call(`${srv.url}/v1/${event.type}`, { auth: write, body: event });
    expect(sent.status).toBe(200);
    await srv.store.eventsSettled();
  }
  await srv.store.eventsSettled();
  for (const userId of ['a', 'b', 'c', 'd', 'e']) {
    const found = await srv.store.listCustomers(ws.id, { search: userId, limit: 10 });
    customer[userId] = found.items.find((c) =>
      c.identities.some((i) => i.kind === 'user_id' && i.value === userId),
    )!.id;
  }
  personaId = (
    await api('/api/personas', {
      body: { name: 'Pro', segment: { conditions: [{ trait: 'plan', op: 'eq', value: 'pro' }] } },
    })
  ).body.id;
});

afterAll(async () => {
  await srv?.close();
});

describe('paths', () => {
  it('gives sequences, nodes, directly-follows edges with median hours, starts, ends and variants', async () => {
    const r = await api(`/api/journeys/${journeyId}/paths?${range}`);
    expect(r.status).toBe(200);
    // Repeats collapsed: A T0 T1 T2 $goal, B T0 T2, C T0 T2 $goal, D T1 T2, E T0, F $goal.
    expect(r.body).toMatchObject({
      journeyId,
      level: 'touchpoint',
      from: FROM,
      to: TO,
      personaId: null,
      goal: 'any',
      collapseRepeats: true,
      sessionGapMinutes: null,
      sequences: 6,
      steps: 13,
      distinctVariants: 6,
    });
    expect(byKey(r.body.nodes)).toEqual({
      [tp.T0]: { label: 'Landing', touchpointId: tp.T0, count: 4, sequences: 4 },
      [tp.T1]: { label: 'Newsletter', touchpointId: tp.T1, count: 2, sequences: 2 },
      [tp.T2]: { label: 'Checkout', touchpointId: tp.T2, count: 4, sequences: 4 },
      $goal: { label: 'Order Completed', touchpointId: null, count: 3, sequences: 3 },
    });
    const edges = Object.fromEntries(
      r.body.edges.map((e: { from: string; to: string }) => [`${e.from}>${e.to}`, e]),
    );
    expect(Object.keys(edges).sort()).toEqual(
      [`${tp.T0}>${tp.T1}`, `${tp.T0}>${tp.T2}`, `${tp.T1}>${tp.T2}`, `${tp.T2}>$goal`].sort(),
    );
    // A: from the last touch of the T0 run (10:05) to T1 the next day at 09:00.
    expect(edges[`${tp.T0}>${tp.T1}`]).toMatchObject({ count: 1, medianHours: 22 + 55 / 60 });
    // B Jan 5 → Jan 6 (24 h); C from Jan 30 (the run's last touch) → Jan 31 (24 h).
    expect(edges[`${tp.T0}>${tp.T2}`]).toMatchObject({ count: 2, medianHours: 24 });
    // A 27 h, D 0 h (same instant): median 13.5.
    expect(edges[`${tp.T1}>${tp.T2}`]).toMatchObject({ count: 2, medianHours: 13.5 });
    // A 10 minutes, C 5 days: median (1/6 + 120) / 2.
    expect(edges[`${tp.T2}>$goal`].count).toBe(2);
    expect(edges[`${tp.T2}>$goal`].medianHours).toBeCloseTo((1 / 6 + 120) / 2, 10);
    expect(byKey(r.body.starts)).toEqual({
      [tp.T0]: { count: 4 },
      [tp.T1]: { count: 1 },
      $goal: { count: 1 },
    });
    expect(byKey(r.body.ends)).toEqual({
      $goal: { count: 3 },
      [tp.T2]: { count: 2 },
      [tp.T0]: { count: 1 },
    });
    // Every variant once; ties in map order, $goal after the touchpoints.
    expect(r.body.variants).toEqual(
      [
        [tp.T0],
        [tp.T0, tp.T1, tp.T2, '$goal'],
        [tp.T0, tp.T2],
        [tp.T0, tp.T2, '$goal'],
        [tp.T1, tp.T2],
        ['$goal'],
      ].map((steps) => ({ steps, count: 1, share: 1 / 6 })),
    );
    const top2 = await api(`/api/journeys/${journeyId}/paths?${range}&variants=2`);
    expect(top2.body.variants).toHaveLength(2);
    expect(top2.body.distinctVariants).toBe(6);
  });

  it('keeps repeats as steps and self-loops without collapsing, and cuts sequences at a session gap', async () => {
    const r = await api(
      `/api/journeys/${journeyId}/paths?${range}&collapseRepeats=false&sessionGapMinutes=10080`,
    );
    expect(r.status).toBe(200);
    // A 7-day gap cuts C between Jan 10 and Jan 30: C [T0] and C [T0 T2 $goal]; 7 sequences.
    // Steps: A 5, B 2, C 1 + 3, D 2, E 1, F 1.
    expect(r.body).toMatchObject({ sequences: 7, steps: 15, sessionGapMinutes: 10080 });
    // T0: A twice, B, C twice (in two sequences), E: 6 steps in 5 sequences.
    expect(byKey(r.body.nodes)[tp.T0]).toMatchObject({ count: 6, sequences: 5 });
    const loop = r.body.edges.find(
      (e: { from: string; to: string }) => e.from === tp.T0 && e.to === tp.T0,
    );
    // Only A's 10:00 → 10:05 repeat: C's repeat is cut by the gap.
    expect(loop).toEqual({ from: tp.T0, to: tp.T0, count: 1, medianHours: 5 / 60 });
    expect(byKey(r.body.starts)[tp.T0]).toEqual({ count: 5 });
    expect(byKey(r.body.ends)[tp.T0]).toEqual({ count: 2 });
    expect(r.body.variants[0]).toEqual({ steps: [tp.T0], count: 2, share: 2 / 7 });
  });

  it('keys interactions by event name and page path at the event level, same instant by key', async () => {
    const r = await api(`/api/journeys/${journeyId}/paths?${range}&level=event`);
    expect(r.status).toBe(200);
    // D's two events of Jan 20 09:00 come in key order: Checkout Started, then Email Opened.
    // Its /pricing view is a step here. Identify calls are no interactions.
    expect(r.body).toMatchObject({ level: 'event', sequences: 6, steps: 14 });
    expect(byKey(r.body.nodes)['page:/pricing']).toEqual({
      label: 'page:/pricing',
      touchpointId: null,
      count: 1,
      sequences: 1,
    });
    expect(r.body.variants.map((v: { steps: string[] }) => v.steps)).toContainEqual([
      'Checkout Started',
      'Email Opened',
      'page:/pricing',
    ]);
    const edge = (from: string, to: string) =>
      r.body.edges.find((e: { from: string; to: string }) => e.from === from && e.to === to);
    expect(edge('Checkout Started', 'Email Opened')).toEqual({
      from: 'Checkout Started',
      to: 'Email Opened',
      count: 1,
      medianHours: 0,
    });
    expect(edge('Email Opened', 'page:/pricing').medianHours).toBeCloseTo(24 + 5 / 60, 10);
  });

  it('restricts to the persona and to customers who did or did not reach the goal', async () => {
    const pro = await api(`/api/journeys/${journeyId}/paths?${range}&personaId=${personaId}`);
    expect(pro.body.variants).toEqual([
      { steps: [tp.T0, tp.T1, tp.T2, '$goal'], count: 1, share: 1 },
    ]);
    const proEvents = await api(
      `/api/journeys/${journeyId}/paths?${range}&personaId=${personaId}&level=event&goal=reached`,
    );
    expect(proEvents.body.variants).toEqual([
      {
        steps: ['page:/landing', 'Email Opened', 'Checkout Started', 'Order Completed'],
        count: 1,
        share: 1,
      },
    ]);
    // A, C and F had a goal event in the range; B, D and E did not.
    const reached = await api(`/api/journeys/${journeyId}/paths?${range}&goal=reached`);
    expect(reached.body).toMatchObject({ goal: 'reached', sequences: 3, steps: 8 });
    const not = await api(`/api/journeys/${journeyId}/paths?${range}&goal=not-reached`);
    expect(not.body).toMatchObject({ sequences: 3, steps: 5 });
    // Range: from Jan 30 on, C's sequence is T0 T2 $goal and E's T0; nobody else touched.
    const late = await api(`/api/journeys/${journeyId}/paths?from=${at('01-30T00:00')}&to=${TO}`);
    expect(late.body).toMatchObject({ sequences: 2, steps: 4 });
  });

  it('counts the events of merged profiles for the surviving customer at both levels', async () => {
    expect((await srv.store.listMerges(workspaceId)).filter((m) => !m.undoneAt)).toHaveLength(1);
    const march = `from=${at('03-01T00:00')}&to=${at('04-01T00:00')}`;
    // G lands three times (one step collapsed); H's landing and checkout are one sequence.
    const touch = await api(`/api/journeys/${journeyId}/paths?${march}`);
    expect(touch.body.variants.map((v: { steps: string[] }) => v.steps)).toEqual([
      [tp.T0],
      [tp.T0, tp.T2],
    ]);
    const events = await api(`/api/journeys/${journeyId}/paths?${march}&level=event`);
    expect(events.body.variants.map((v: { steps: string[] }) => v.steps)).toEqual([
      ['page:/landing'],
      ['page:/landing', 'Checkout Started'],
    ]);
  });
});

describe('paths flow', () => {
  it('follows the first occurrence of the anchor forward, merging beyond the top into $other', async () => {
    const r = await api(
      `/api/journeys/${journeyId}/paths/flow?${range}&anchor=${tp.T0}&depth=2&top=1`,
    );
    expect(r.status).toBe(200);
    // A T0 → T1 → T2; B T0 → T2 → end; C T0 → T2 → $goal; E T0 → end.
    // Step 1 keeps T2 (2); T1 (1) is Other. Step 2: T2 and $goal tie at 1, $goal sorts first.
    expect(r.body).toMatchObject({
      anchor: tp.T0,
      direction: 'forward',
      depth: 2,
      sequences: 4,
    });
    expect(r.body.nodes).toEqual([
      { id: `0:${tp.T0}`, step: 0, key: tp.T0, label: 'Landing', count: 4 },
      { id: `1:${tp.T2}`, step: 1, key: tp.T2, label: 'Checkout', count: 2 },
      { id: '1:$other', step: 1, key: '$other', label: 'Other', count: 1 },
      { id: '1:$end', step: 1, key: '$end', label: 'End', count: 1 },
      { id: '2:$goal', step: 2, key: '$goal', label: 'Order Completed', count: 1 },
      { id: '2:$other', step: 2, key: '$other', label: 'Other', count: 1 },
      { id: '2:$end', step: 2, key: '$end', label: 'End', count: 1 },
    ]);
    expect(r.body.links).toEqual([
      { source: `0:${tp.T0}`, target: `1:${tp.T2}`, value: 2 },
      { source: `0:${tp.T0}`, target: '1:$end', value: 1 },
      { source: `0:${tp.T0}`, target: '1:$other', value: 1 },
      { source: '1:$other', target: '2:$other', value: 1 },
      { source: `1:${tp.T2}`, target: '2:$end', value: 1 },
      { source: `1:${tp.T2}`, target: '2:$goal', value: 1 },
    ]);
  });

  it('goes backward from the anchor to where sequences started, with negative steps', async () => {
    const r = await api(
      `/api/journeys/${journeyId}/paths/flow?${range}&anchor=${tp.T2}&depth=2&direction=backward`,
    );
    // A T0 T1 [T2]; B T0 [T2]; C T0 [T2]; D T1 [T2].
    expect(r.body.sequences).toBe(4);
    const nodes = Object.fromEntries(
      r.body.nodes.map((n: { id: string; count: number }) => [n.id, n.count]),
    );
    expect(nodes).toEqual({
      [`0:${tp.T2}`]: 4,
      [`-1:${tp.T0}`]: 2,
      [`-1:${tp.T1}`]: 2,
      [`-2:${tp.T0}`]: 1,
      '-2:$start': 3,
    });
    expect(r.body.links).toContainEqual({
      source: '-2:$start',
      target: `-1:${tp.T0}`,
      value: 2,
    });
    const goal = await api(
      `/api/journeys/${journeyId}/paths/flow?${range}&anchor=$goal&depth=1&direction=backward`,
    );
    // Goals of A and C follow T2; F's goal is where its sequence starts.
    expect(goal.body.links).toEqual([
      { source: `-1:${tp.T2}`, target: '0:$goal', value: 2 },
      { source: '-1:$start', target: '0:$goal', value: 1 },
    ]);
  });
});

function funnel(body: object) {
  return api(`/api/journeys/${journeyId}/funnels`, { body: { from: FROM, to: TO, ...body } });
}
const customersOf = (r: { body: { steps: Array<{ customers: number }> } }) =>
  r.body.steps.map((s) => s.customers);

describe('funnels', () => {
  it('counts customers per step in loose order, with conversions and median hours', async () => {
    const r = await funnel({
      steps: [{ touchpointId: tp.T0 }, { touchpointId: tp.T2 }, { event: 'Order Completed' }],
    });
    expect(r.status).toBe(200);
    // A (T0 Jan 1 10:00 → T2 50 h later → order 10 min later), B (→ T2 24 h, no order),
    // C (from Jan 30: T2 24 h later, order 5 days later: within 7 days of Jan 30), E (T0 only).
    expect(r.body).toMatchObject({ order: 'loose', windowDays: 7, goal: 'any', personaId: null });
    expect(r.body.steps[0]).toEqual({
      index: 0,
      label: 'Landing',
      touchpointId: tp.T0,
      event: null,
      customers: 4,
      conversionFromPrevious: 1,
      conversionFromFirst: 1,
      medianHoursFromPrevious: null,
    });
    expect(r.body.steps[1]).toMatchObject({
      label: 'Checkout',
      customers: 3,
      conversionFromPrevious: 0.75,
      conversionFromFirst: 0.75,
      medianHoursFromPrevious: 24,
    });
    expect(r.body.steps[2]).toMatchObject({
      index: 2,
      label: 'Order Completed',
      touchpointId: null,
      event: 'Order Completed',
      customers: 2,
      conversionFromPrevious: 2 / 3,
      conversionFromFirst: 0.5,
    });
    expect(r.body.steps[2].medianHoursFromPrevious).toBeCloseTo((1 / 6 + 120) / 2, 10);
  });

  it('starts from the earliest first step that reaches farthest, within the window', async () => {
    const steps = [{ touchpointId: tp.T0 }, { touchpointId: tp.T2 }];
    // 30 days: C's Jan 10 landing already reaches checkout (21 days): A 50 h, B 24 h, C 504 h.
    const wide = await funnel({ steps, windowDays: 30 });
    expect(wide.body.steps[1]).toMatchObject({ customers: 3, medianHoursFromPrevious: 50 });
    // 7 days: only C's Jan 30 landing does (24 h).
    const week = await funnel({ steps });
    expect(week.body.steps[1]).toMatchObject({ customers: 3, medianHoursFromPrevious: 24 });
    // 1 day, inclusive: B (exactly 24 h) and C; A's checkout is 50 h after its landing.
    const day = await funnel({ steps: [...steps, { event: 'Order Completed' }], windowDays: 1 });
    expect(customersOf(day)).toEqual([4, 2, 0]);
  });

  it('counts same-instant events as in order when loose, in map order when strict', async () => {
    // D's checkout and newsletter share Jan 20 09:00.
    const loose = await funnel({ steps: [{ touchpointId: tp.T2 }, { touchpointId: tp.T1 }] });
    expect(customersOf(loose)).toEqual([4, 1]);
    expect(loose.body.steps[1].medianHoursFromPrevious).toBe(0);
    // Strict at the touchpoint level: at one instant touches come in map order (T1, then T2).
    const backwards = await funnel({
      steps: [{ touchpointId: tp.T2 }, { touchpointId: tp.T1 }],
      order: 'strict',
    });
    expect(customersOf(backwards)).toEqual([4, 0]);
    const forwards = await funnel({
      steps: [{ touchpointId: tp.T1 }, { touchpointId: tp.T2 }],
      order: 'strict',
    });
    // A: T1 then T2 27 h later; D: at the same instant.
    expect(customersOf(forwards)).toEqual([2, 2]);
    expect(forwards.body.steps[1].medianHoursFromPrevious).toBe(13.5);
  });

  it('needs the very next step in strict order, repeats of the previous step allowed', async () => {
    const strict = await funnel({
      steps: [{ touchpointId: tp.T0 }, { touchpointId: tp.T2 }],
      order: 'strict',
    });
    // A's newsletter comes between; B directly; C's second landing (a repeat) then checkout.
    expect(strict.body).toMatchObject({ order: 'strict' });
    expect(customersOf(strict)).toEqual([4, 2]);
    expect(strict.body.steps[1].medianHoursFromPrevious).toBe(24);
    // At the event level D's same-instant events are in key order: Checkout Started first.
    const events = await funnel({
      steps: [{ event: 'Email Opened' }, { event: 'Checkout Started' }],
      order: 'strict',
    });
    expect(customersOf(events)).toEqual([2, 1]);
    const pages = await funnel({
      steps: [{ event: 'page:/landing' }, { event: 'Checkout Started' }],
      order: 'strict',
    });
    expect(customersOf(pages)).toEqual([4, 2]);
  });

  it('uses each event for one step only when a funnel repeats a step', async () => {
    const twice = await funnel({ steps: [{ touchpointId: tp.T0 }, { touchpointId: tp.T0 }] });
    // A lands twice (5 minutes apart); C's landings are 20 days apart; B and E land once.
    expect(customersOf(twice)).toEqual([4, 1]);
    expect(twice.body.steps[1].medianHoursFromPrevious).toBeCloseTo(5 / 60, 10);
    // G: two landings at 10:00 serve steps 1 and 2, the 11:00 one step 3; no fourth. H lands once.
    const g = await funnel({
      steps: [1, 2, 3, 4].map(() => ({ touchpointId: tp.T0 })),
      from: at('03-01T00:00'),
      to: at('04-01T00:00'),
    });
    expect(customersOf(g)).toEqual([2, 1, 1, 0]);
    expect(
      g.body.steps.map(
        (x: { medianHoursFromPrevious: number | null }) => x.medianHoursFromPrevious,
      ),
    ).toEqual([null, 0, 1, null]);
  });

  it('restricts funnels to the persona and to the goal filter', async () => {
    const steps = [{ touchpointId: tp.T0 }, { touchpointId: tp.T2 }, { event: 'Order Completed' }];
    expect(customersOf(await funnel({ steps, personaId }))).toEqual([1, 1, 1]);
    // Without a goal event: B (T0 → T2), D (no landing), E (T0).
    const not = await funnel({ steps: steps.slice(0, 2), goal: 'not-reached' });
    expect(customersOf(not)).toEqual([2, 1]);
  });
});

describe('funnel drop-off', () => {
  const dropOff = (body: object) =>
    api(`/api/journeys/${journeyId}/funnels/drop-off`, {
      body: { from: FROM, to: TO, ...body },
    });

  it('lists who reached the previous step but not the step, latest first, and what they did next', async () => {
    const steps = [{ touchpointId: tp.T2 }, { touchpointId: tp.T0 }];
    const r = await dropOff({ steps, step: 1 });
    expect(r.status).toBe(200);
    // Nobody lands after checking out. Next after the checkout: A and C their order; B nothing;
    // D nothing later than 09:00 (its newsletter is at the same instant, its /pricing view is no
    // touch). Labels: an email, the name trait, else the id.
    expect(r.body).toEqual({
      step: 1,
      total: 4,
      customers: [
        { customerId: customer.c, label: customer.c, reachedAt: at('01-31T12:00') },
        { customerId: customer.d, label: customer.d, reachedAt: at('01-20T09:00') },
        { customerId: customer.b, label: 'Bea', reachedAt: at('01-06T08:00') },
        { customerId: customer.a, label: 'a@example.com', reachedAt: at('01-03T12:00') },
      ],
      next: [
        { key: '$goal', label: 'Order Completed', customers: 2 },
        { key: '$none', label: 'Nothing more', customers: 2 },
      ],
    });
    const page = await dropOff({ steps, step: 1, limit: 1, offset: 2 });
    expect(page.body.total).toBe(4);
    expect(page.body.customers.map((c: { label: string }) => c.label)).toEqual(['Bea']);
  });

  it('reports when the earliest first step was reached, and touchpoints as next steps', async () => {
    const r = await dropOff({
      steps: [{ touchpointId: tp.T0 }, { event: 'Order Completed' }],
      step: 1,
    });
    // B lands Jan 5 and checks out the next day, no order; E lands Feb 25, nothing more.
    expect(r.body.customers).toEqual([
      { customerId: customer.e, label: customer.e, reachedAt: at('02-25T12:00') },
      { customerId: customer.b, label: 'Bea', reachedAt: at('01-05T08:00') },
    ]);
    expect(r.body.next).toEqual([
      { key: '$none', label: 'Nothing more', customers: 1 },
      { key: tp.T2, label: 'Checkout', customers: 1 },
    ]);
    // With a 1-day window A's landings reach no checkout: the earlier one (10:00) is reported.
    const day = await dropOff({
      steps: [{ touchpointId: tp.T0 }, { touchpointId: tp.T2 }],
      windowDays: 1,
      step: 1,
    });
    expect(day.body.customers).toContainEqual({
      customerId: customer.a,
      label: 'a@example.com',
      reachedAt: at('01-01T10:00'),
    });
  });
});

describe('validation and access', () => {
  it('names the field of a touchpoint that is not on the journey', async () => {
    for (const id of ['tp_doesnotexist', otherJourneyTp]) {
      const r = await funnel({ steps: [{ touchpointId: tp.T0 }, { touchpointId: id }] });
      expect(r.status).toBe(400);
      expect(r.body.error.details).toEqual([
        { path: 'body.steps.1.touchpointId', message: 'not a touchpoint of this journey' },
      ]);
    }
    const flow = await api(
      `/api/journeys/${journeyId}/paths/flow?${range}&anchor=${otherJourneyTp}`,
    );
    expect(flow.status).toBe(400);
    expect(flow.body.error.details[0].path).toBe('query.anchor');
  });

  it('refuses bad enums, numbers and shapes with the field named', async () => {
    const cases: Array<
      [Promise<{ status: number; body: { error: { details: unknown } } }>, string]
    > = [
      [funnel({ steps: [{ touchpointId: tp.T0 }] }), 'body.steps'],
      [
        funnel({ steps: [{ touchpointId: tp.T0 }, { event: 'x' }], order: 'sideways' }),
        'body.order',
      ],
      [funnel({ steps: [{ touchpointId: tp.T0 }, { event: 'x' }], order: 'strict' }), 'body.order'],
      [funnel({ steps: [{ event: 'x' }, { event: 'y' }], windowDays: 0 }), 'body.windowDays'],
      [funnel({ steps: [{ event: 'x' }, { event: 'y' }], goal: 'maybe' }), 'body.goal'],
      [funnel({ steps: [{ event: 'x' }, { event: 'y' }], from: TO, to: FROM }), 'body.from'],
      [
        api(`/api/journeys/${journeyId}/funnels/drop-off`, {
          body: { steps: [{ event: 'x' }, { event: 'y' }], step: 2 },
        }),
        'body.step',
      ],
      [api(`/api/journeys/${journeyId}/paths?level=stage`), 'query.level'],
      [api(`/api/journeys/${journeyId}/paths?variants=201`), 'query.variants'],
      [api(`/api/journeys/${journeyId}/paths?sessionGapMinutes=0`), 'query.sessionGapMinutes'],
      [api(`/api/journeys/${journeyId}/paths?collapseRepeats=yes`), 'query.collapseRepeats'],
      [api(`/api/journeys/${journeyId}/paths/flow`), 'query.anchor'],
      [api(`/api/journeys/${journeyId}/paths/flow?anchor=x&depth=11`), 'query.depth'],
    ];
    for (const [request, field] of cases) {
      const r = await request;
      expect(r.status, field).toBe(400);
      expect(
        (r.body.error.details as Array<{ path: string }>).map((d) => d.path),
        field,
      ).toContain(field);
    }
  });

  it('answers 404 for an unknown journey or persona and for another workspace', async () => {
    const body = { steps: [{ event: 'x' }, { event: 'y' }] };
    expect((await api('/api/journeys/jny_nope/paths')).status).toBe(404);
    expect((await api('/api/journeys/jny_nope/funnels', { body })).status).toBe(404);
    const persona = await api(`/api/journeys/${journeyId}/paths?personaId=per_nope`);
    expect(persona.status).toBe(404);
    expect(persona.body.error.message).toContain('persona');
    expect(
      (await api(`/api/journeys/${journeyId}/funnels`, { body: { ...body, personaId: 'per_x' } }))
        .status,
    ).toBe(404);
    // The test server's own workspace cannot see this journey.
    const foreign = `Bearer ${srv.apiKey}`;
    expect((await api(`/api/journeys/${journeyId}/paths`, { auth: foreign })).status).toBe(404);
    expect(
      (
        await api(`/api/journeys/${journeyId}/funnels/drop-off`, {
          auth: foreign,
          body: { ...body, step: 1 },
        })
      ).status,
    ).toBe(404);
  });

  it('lets a viewer read paths and run funnels, and documents the routes', async () => {
    await createUserInWorkspace(srv.store, {
      email: 'viewer@paths.test',
      name: 'Viewer',
      password: 'a long enough password',
      workspaceId: srv.workspaceId,
      role: 'viewer',
    });
    const session = await signIn(srv.url, 'viewer@paths.test', 'a long enough password');
    const j = (
      await call(`${srv.url}/api/journeys`, {
        auth: `Bearer ${srv.apiKey}`,
        body: { name: 'Viewer journey' },
      })
    ).body;
    const paths = await asBrowser(srv.url, session, srv.workspaceId, `/api/journeys/${j.id}/paths`);
    expect(paths.status).toBe(200);
    expect(paths.body).toMatchObject({ sequences: 0, nodes: [], variants: [] });
    const f = await asBrowser(srv.url, session, srv.workspaceId, `/api/journeys/${j.id}/funnels`, {
      method: 'POST',
      body: { steps: [{ event: 'x' }, { event: 'y' }] },
    });
    expect(f.status).toBe(200);
    expect(customersOf(f)).toEqual([0, 0]);
    const doc = (await call(`${srv.url}/api/openapi.json`)).body;
    expect(doc.paths['/api/journeys/{id}/paths'].get['x-waymark-role']).toBe('viewer');
    expect(doc.paths['/api/journeys/{id}/paths/flow'].get['x-waymark-role']).toBe('viewer');
    expect(doc.paths['/api/journeys/{id}/funnels'].post['x-waymark-role']).toBe('viewer');
    expect(doc.paths['/api/journeys/{id}/funnels/drop-off'].post['x-waymark-role']).toBe('viewer');
  });
});

const LOG = 'eventlogs/running-example.xes';
const xes = sharedDataFile(LOG);
const dfg = sharedDataFile('eventlogs/running-example.dfg');
if (!xes || !dfg) console.warn(`paths-funnels.test.ts: ${missingDataReason(LOG)}`);

/**
 * pm4py's exported DFG (as test/offline-analysis.test.ts reads it): n, n activity names, the
 * start activities and the end activities (`index x count`), then `from>to x count` edges.
 */
function readDfgFile(file: string) {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  let at = 0;
  const n = Number(lines[at++]);
  const names = lines.slice(at, at + n);
  at += n;
  const counts = () => {
    const k = Number(lines[at++]);
    const out: Record<string, number> = {};
    for (const l of lines.slice(at, at + k)) {
      const [i, c] = l.split('x');
      out[names[Number(i)]!] = Number(c);
    }
    at += k;
    return out;
  };
  const start = counts();
  const end = counts();
  const edges = lines.slice(at).map((l) => {
    const m = /^(\d+)>(\d+)x(\d+)$/.exec(l)!;
    return `${names[Number(m[1])]} -> ${names[Number(m[2])]} x${m[3]}`;
  });
  return { start, end, edges: edges.sort() };
}

describe.skipIf(!xes || !dfg)(
  `the reference event log${xes ? '' : ` (${missingDataReason(LOG)})`}`,
  () => {
    it("gives the running example's published directly-follows graph at the event level", async () => {
      // Imported with the real CLI, which goes through this server (it holds the database).
      const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
      await promisify(execFile)(
        process.execPath,
        [
          path.join(root, 'bin/waymark.js'),
          'import',
          'eventlog',
          xes!,
          '--workspace',
          'Test',
          '--data-dir',
          srv.dataDir,
        ],
        { cwd: root },
      );
      const auth = `Bearer ${srv.apiKey}`;
      const j = (await call(`${srv.url}/api/journeys`, { auth, body: { name: 'Claims' } })).body;
      const r = await call(
        `${srv.url}/api/journeys/${j.id}/paths?level=event&collapseRepeats=false&from=2010-01-01T00:00:00Z&to=2012-01-01T00:00:00Z`,
        { auth },
      );
      expect(r.status).toBe(200);
      const published = readDfgFile(dfg!);
      expect(r.body).toMatchObject({ sequences: 6, steps: 42 });
      expect(
        r.body.edges
          .map(
            (e: { from: string; to: string; count: number }) => `${e.from} -> ${e.to} x${e.count}`,
          )
          .sort(),
      ).toEqual(published.edges);
      const asRecord = (rows: Array<{ key: string; count: number }>) =>
        Object.fromEntries(rows.map((s) => [s.key, s.count]));
      expect(asRecord(r.body.starts)).toEqual(published.start);
      expect(asRecord(r.body.ends)).toEqual(published.end);
    });
  },
);
