import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/automation/clock.ts';
import { loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/core/accounts/password.ts';
import { compareProportions, proportion } from '../src/core/automation/compare-proportions.ts';
import { type RunningServer, startServer } from '../src/server/start.ts';
import { createWorkspaceWithKeys } from '../src/store/setup.ts';
import { SmtpPeer, WebhookPeer } from './helpers/automation-peers.ts';
import { basic, call, tempDir } from './helpers/server.ts';
import { asBrowser, signIn } from './helpers/session.ts';

/**
 * Automations end to end against real peers: a real SMTP server and a real HTTP receiver on
 * loopback ports, a real server over a real DuckDB file, and the engine driven by a manual clock
 * (its background loop is off: each `tick()` is one pass).
 */
let smtp: SmtpPeer;
let hooks: WebhookPeer;
let srv: RunningServer;
let dataDir: string;
let clock: ManualClock;
let apiKey: string;
let writeKey: string;
let workspaceId: string;
const tp: Record<string, string> = {};

beforeAll(async () => {
  smtp = await SmtpPeer.start();
  hooks = await WebhookPeer.start();
  clock = new ManualClock('2026-03-02T10:00:00Z'); // a Monday
  dataDir = tempDir('waymark-automations-');
  const config = loadConfig(
    {
      port: '0',
      dataDir,
      demo: 'false',
      logLevel: 'silent',
      flushIntervalMs: '1',
      automationTickMs: '0',
      smtpUrl: smtp.url,
      retryBaseMs: '1000',
      retryMaxAttempts: '3',
      publicUrl: 'http://waymark.test',
    },
    {},
  );
  srv = await startServer(config, () => undefined, { clock });
  const created = await createWorkspaceWithKeys(srv.store, 'Automations');
  workspaceId = created.workspace.id;
  apiKey = created.apiKey.secret;
  writeKey = created.writeKey.secret;
  const journey = await srv.store.createJourneyFromBlueprint(workspaceId, {
    journey: { name: 'Shop', goal: { event: 'Order Completed' } },
    stages: [
      {
        stage: { name: 'Discover' },
        touchpoints: [
          touchpoint('Newsletter', 'Newsletter Opened'),
          touchpoint('Product page', 'Product Viewed'),
        ],
      },
      {
        stage: { name: 'Buy' },
        touchpoints: [
          touchpoint('Checkout', 'Checkout Started'),
          touchpoint('Order', 'Order Completed'),
        ],
      },
      {
        stage: { name: 'Service' },
        touchpoints: [
          touchpoint('Support', 'Support Ticket Opened'),
          touchpoint('Review', 'Review Written'),
        ],
      },
    ],
  });
  for (const t of await srv.store.listTouchpoints(workspaceId, journey.id)) tp[t.name] = t.id;
});

afterAll(async () => {
  await srv?.close();
  await smtp?.close();
  await hooks?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

function touchpoint(name: string, event: string) {
  return {
    name,
    channel: 'web' as const,
    phase: 'during' as const,
    matchRules: [{ event }],
  };
}

function api(path: string, init: { method?: string; body?: unknown } = {}) {
  return call(`${srv.url}${path}`, { auth: `Bearer ${apiKey}`, ...init });
}

async function send(message: Record<string, unknown>) {
  const res = await call(`${srv.url}/v1/${message.type}`, { auth: basic(writeKey), body: message });
  expect(res.status).toBe(200);
}
const identify = (userId: string, traits: Record<string, unknown>) =>
  send({ type: 'identify', userId, traits });
const track = (
  userId: string,
  event: string,
  properties: Record<string, unknown> = {},
  extra: Record<string, unknown> = {},
) => send({ type: 'track', userId, event, properties, ...extra });

/** Waits until the events sent so far are loaded, then runs one engine pass. */
async function tick() {
  await srv.store.eventsSettled();
  return srv.automations.tick();
}

async function createAutomation(body: Record<string, unknown>) {
  const res = await api('/api/automations', { body: { enabled: true, ...body } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; webhookSecret: string };
}

async function runsOf(automationId: string) {
  const list = await api(`/api/automations/${automationId}/runs`);
  expect(list.status).toBe(200);
  return Promise.all(
    list.body.items.map(
      async (r: { id: string }) => (await api(`/api/automation-runs/${r.id}`)).body,
    ),
  );
}

async function customerIdOf(userId: string) {
  const found = await srv.store.listCustomers(workspaceId, { search: userId });
  return found.items[0]!.id;
}

describe('automations', () => {
  it('emails after a purchase with template values in text and HTML, and honours the unsubscribe link', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const a = await createAutomation({
      name: 'Thank you',
      trigger: { type: 'event', touchpointId: tp.Order },
      steps: [
        {
          type: 'email',
          subject: 'Thanks, {{traits.first_name}}',
          text: 'Order {{event.properties.order_id}} is on its way.',
          html: '<p>Hi {{traits.first_name}}, order <b>{{event.properties.order_id}}</b></p>',
        },
      ],
    });
    await identify('ann', { email: 'ann@example.com', first_name: 'Ann <3' });
    await track('ann', 'Order Completed', { order_id: 'A-1' }, { messageId: 'order-a1' });
    expect(await tick()).toEqual({ runsStarted: 1, stepsRun: 1 });
    await smtp.waitFor(1);
    const mail = smtp.mails[0]!;
    expect(mail.to).toBe('ann@example.com');
    expect(mail.subject).toBe('Thanks, Ann <3');
    expect(mail.text).toContain('Order A-1 is on its way.');
    // Values are escaped in HTML; the template's own markup is kept.
    expect(mail.html).toContain('<p>Hi Ann &lt;3, order <b>A-1</b></p>');
    const link = /Unsubscribe: (http:\/\/waymark\.test\/unsubscribe\/\S+)/.exec(mail.text)?.[1];
    expect(link).toBeDefined();
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.headerLines['list-unsubscribe']).toBe(`List-Unsubscribe: <${link}>`);
    expect(mail.headerLines['list-unsubscribe-post']).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const [run] = await runsOf(a.id);
    expect(run).toMatchObject({ status: 'done', mode: 'live', triggerKey: 'event:order-a1' });
    expect(run.steps.map((s: { type: string; status: string }) => [s.type, s.status])).toEqual([
      ['email', 'done'],
    ]);
    expect(mail.messageId).toBe(`<${run.steps[0].idempotencyKey}@waymark>`);

    // At most once per trigger event: the same event resent, another pass, and even the cursor
    // rewound (as after a crash mid-pass) start nothing new.
    await track('ann', 'Order Completed', { order_id: 'A-1' }, { messageId: 'order-a1' });
    await tick();
    await srv.store.automations().writeCursor('events', 0);
    expect(await tick()).toEqual({ runsStarted: 0, stepsRun: 0 });
    expect(await runsOf(a.id)).toHaveLength(1);
    expect(smtp.mails).toHaveLength(1);

    // The link: GET shows a form and changes nothing; POST unsubscribes.
    const path = link!.replace('http://waymark.test', '');
    const form = await fetch(`${srv.url}${path}`);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('<form method="post">');
    expect(
      await srv.store.automations().isUnsubscribed(workspaceId, await customerIdOf('ann')),
    ).toBe(false);
    const done = await fetch(`${srv.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    const forged = await fetch(`${srv.url}${path.slice(0, -3)}abc`, { method: 'POST' });
    expect(forged.status).toBe(404);

    await track('ann', 'Order Completed', { order_id: 'A-2' }, { messageId: 'order-a2' });
    await tick();
    const runs = await runsOf(a.id);
    expect(runs).toHaveLength(2);
    const latest = runs.find((r: { triggerKey: string }) => r.triggerKey === 'event:order-a2');
    expect(latest.steps[0]).toMatchObject({
      status: 'skipped',
      detail: { reason: 'unsubscribed' },
    });
    expect(smtp.mails).toHaveLength(1);
    await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });

  it('runs a wait in engine time: nothing before the wait ends, the email right after', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const a = await createAutomation({
      name: 'Checkout nudge',
      trigger: { type: 'event', touchpointId: tp.Checkout },
      steps: [
        { type: 'wait', duration: { amount: 2, unit: 'days' } },
        { type: 'email', subject: 'Still thinking?', text: 'Your basket is waiting.' },
      ],
    });
    await identify('bo', { email: 'bo@example.com' });
    await track('bo', 'Checkout Started');
    expect(await tick()).toEqual({ runsStarted: 1, stepsRun: 0 });
    let [run] = await runsOf(a.id);
    expect(run.steps[0]).toMatchObject({
      type: 'wait',
      status: 'pending',
      dueAt: '2026-03-04T10:00:00.000Z',
      detail: { waitUntil: '2026-03-04T10:00:00.000Z' },
    });
    const before = smtp.mails.length;
    clock.set('2026-03-04T09:59:59Z');
    expect(await tick()).toEqual({ runsStarted: 0, stepsRun: 0 });
    clock.set('2026-03-04T10:00:00Z');
    expect(await tick()).toEqual({ runsStarted: 0, stepsRun: 2 });
    await smtp.waitFor(before + 1);
    expect(smtp.mails.at(-1)).toMatchObject({ to: 'bo@example.com', subject: 'Still thinking?' });
    [run] = await runsOf(a.id);
    expect(run.status).toBe('done');
    await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });

  it('signs webhooks, retries 500s with backoff under one idempotency key, dead-letters and retries by hand', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const a = await createAutomation({
      name: 'Review to CRM',
      trigger: { type: 'event', touchpointId: tp.Review },
      steps: [
        {
          type: 'webhook',
          url: hooks.url,
          body: {
            stars: '{{event.properties.stars}}',
            who: '{{customer.id}}',
            note: 'stars: {{event.properties.stars}}',
          },
        },
      ],
    });
    hooks.secret = a.webhookSecret;
    hooks.respond = (n) => (n <= 2 ? 500 : 200);
    await track('cy', 'Review Written', { stars: 5 });
    await tick();
    expect(hooks.calls).toHaveLength(1);
    let [run] = await runsOf(a.id);
    const retryAt = Date.parse(run.steps[0].detail.retryAt);
    // Full jitter: the first retry comes within the base delay (1 s here).
    expect(retryAt).toBeGreaterThanOrEqual(Date.parse('2026-03-02T10:00:00Z'));
    expect(retryAt).toBeLessThan(Date.parse('2026-03-02T10:00:01Z'));
    clock.advance(1000);
    await tick();
    expect(hooks.calls).toHaveLength(2);
    clock.advance(2000);
    await tick();
    expect(hooks.calls).toHaveLength(3);
    expect(hooks.calls.map((c) => [c.signed, c.status])).toEqual([
      [true, 500],
      [true, 500],
      [true, 200],
    ]);
    const keys = new Set(hooks.calls.map((c) => c.headers['idempotency-key']));
    expect(keys.size).toBe(1);
    const cy = await customerIdOf('cy');
    expect(JSON.parse(hooks.calls[2]!.body)).toEqual({ stars: 5, who: cy, note: 'stars: 5' });
    [run] = await runsOf(a.id);
    expect(run.status).toBe('done');
    expect(run.steps[0]).toMatchObject({ status: 'done', attempts: 3 });

    // Always failing: three attempts, then the dead letters; a retry by hand resumes the run.
    hooks.respond = () => 500;
    await track('dee', 'Review Written', { stars: 1 });
    await tick();
    clock.advance(1000);
    await tick();
    clock.advance(2000);
    await tick();
    expect(hooks.calls).toHaveLength(6);
    const dead = await api(`/api/automation-dead-letters?automationId=${a.id}`);
    expect(dead.body.total).toBe(1);
    expect(dead.body.items[0]).toMatchObject({
      kind: 'webhook',
      target: hooks.url,
      error: 'HTTP 500',
      attempts: 3,
      retriedAt: null,
    });
    const failedRun = (await runsOf(a.id)).find((r: { status: string }) => r.status === 'failed');
    expect(failedRun.steps[0].status).toBe('failed');
    hooks.respond = () => 200;
    const retry = await api(`/api/automation-dead-letters/${dead.body.items[0].id}/retry`, {
      method: 'POST',
    });
    expect(retry.body).toEqual({ retried: true, runId: failedRun.id });
    expect(
      (await api(`/api/automation-dead-letters/${dead.body.items[0].id}/retry`, { method: 'POST' }))
        .status,
    ).toBe(409);
    await tick();
    expect(hooks.calls).toHaveLength(7);
    expect(hooks.calls[6]!.headers['idempotency-key']).toBe(
      hooks.calls[5]!.headers['idempotency-key'],
    );
    expect((await api(`/api/automation-runs/${failedRun.id}`)).body.status).toBe('done');
    // Two runs, two effects: the receiver saw seven calls but acted once per key.
    expect(hooks.effects.size).toBe(2);
    await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });

  it('defers emails in quiet hours and past the daily cap instead of dropping them', async () => {
    const settings = await api('/api/automation-settings', {
      method: 'PATCH',
      body: {
        timezone: 'Europe/Berlin',
        maxMessagesPerDay: 1,
        quietHours: { start: '21:00', end: '08:00' },
      },
    });
    expect(settings.body).toMatchObject({ timezone: 'Europe/Berlin', maxMessagesPerDay: 1 });
    expect((await api('/api/workspace')).body.timezone).toBe('Europe/Berlin');
    // 21:30 in Berlin (UTC+1 in March before the 29th).
    clock.set('2026-03-10T20:30:00Z');
    const a = await createAutomation({
      name: 'Two notes',
      trigger: { type: 'event', touchpointId: tp['Product page'] },
      steps: [
        { type: 'email', subject: 'First', text: 'one' },
        { type: 'email', subject: 'Second', text: 'two' },
      ],
    });
    await identify('eve', { email: 'eve@example.com' });
    await track('eve', 'Product Viewed');
    await tick();
    let [run] = await runsOf(a.id);
    // Quiet until 08:00 Berlin = 07:00 UTC.
    expect(run.steps[0]).toMatchObject({
      status: 'pending',
      dueAt: '2026-03-11T07:00:00.000Z',
      detail: { deferrals: [{ reason: 'quiet_hours', until: '2026-03-11T07:00:00.000Z' }] },
    });
    const before = smtp.mails.length;
    clock.set('2026-03-11T07:00:00Z');
    await tick();
    await smtp.waitFor(before + 1);
    [run] = await runsOf(a.id);
    // The cap (one a day) holds the second until the next day, whose first hours are quiet:
    // 08:00 Berlin on the 12th.
    expect(run.steps[1]).toMatchObject({
      status: 'pending',
      dueAt: '2026-03-12T07:00:00.000Z',
      detail: { deferrals: [{ reason: 'frequency_limit', until: '2026-03-12T07:00:00.000Z' }] },
    });
    clock.set('2026-03-12T07:00:00Z');
    await tick();
    await smtp.waitFor(before + 2);
    expect(smtp.mails.slice(-2).map((m) => m.subject)).toEqual(['First', 'Second']);
    await api('/api/automation-settings', {
      method: 'PATCH',
      body: { timezone: 'UTC', maxMessagesPerDay: 3 },
    });
    await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });

  it('branches on traits, tags, sets traits and creates a task on a touchpoint', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const a = await createAutomation({
      name: 'Support follow-up',
      trigger: { type: 'event', touchpointId: tp.Support },
      conditions: {
        match: 'all',
        conditions: [{ type: 'touchpoint', touchpointId: tp.Support, reached: true }],
      },
      steps: [
        {
          type: 'branch',
          if: {
            match: 'all',
            conditions: [{ type: 'trait', trait: 'plan', op: 'eq', value: 'pro' }],
          },
          yes: [
            { type: 'add_tag', tag: 'vip' },
            {
              type: 'task',
              touchpointId: tp.Support,
              title: 'Call {{traits.first_name}} about {{event.properties.topic}}',
              dueInDays: 2,
            },
          ],
          no: [{ type: 'set_trait', trait: 'nurture', value: 'since {{event.properties.topic}}' }],
        },
      ],
    });
    await identify('pro1', { plan: 'pro', first_name: 'Pia' });
    await identify('free1', { plan: 'free' });
    await track('pro1', 'Support Ticket Opened', { topic: 'billing' });
    await track('free1', 'Support Ticket Opened', { topic: 'login' });
    // pro1: branch, tag, task; free1: branch, trait.
    expect(await tick()).toEqual({ runsStarted: 2, stepsRun: 5 });
    const pro = await srv.store.getCustomer(workspaceId, await customerIdOf('pro1'));
    const free = await srv.store.getCustomer(workspaceId, await customerIdOf('free1'));
    expect(pro?.traits.tags).toEqual(['vip']);
    expect(free?.traits).toMatchObject({ plan: 'free', nurture: 'since login' });
    const tasks = (await api(`/api/tasks?touchpointId=${tp.Support}`)).body;
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      title: 'Call Pia about billing',
      source: 'automation',
      dueDate: '2026-03-04',
    });
    const runs = await runsOf(a.id);
    const paths = runs
      .map((r: { steps: Array<{ path: string; detail: { took?: string } }> }) =>
        r.steps.map((s) => s.path).join(' '),
      )
      .sort();
    expect(paths).toEqual(['0 0.no.0', '0 0.yes.0 0.yes.1']);
    await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });

  it('test-runs against one customer: dry by default, for real on request', async () => {
    clock.set('2026-03-02T10:00:00Z');
    const a = await createAutomation({
      name: 'Try me',
      enabled: false,
      trigger: { type: 'event', touchpointId: tp.Review },
      steps: [
        { type: 'wait', duration: { amount: 3, unit: 'days' } },
        {
          type: 'email',
          subject: 'Hello {{traits.first_name}}',
          text: 'Stars: {{event.properties.stars}}',
        },
      ],
    });
    await identify('gus', { email: 'gus@example.com', first_name: 'Gus' });
    await srv.store.eventsSettled();
    const gus = await customerIdOf('gus');
    const dry = await api(`/api/automations/${a.id}/test-run`, {
      body: { customerId: gus, event: { properties: { stars: 4 } } },
    });
    expect(dry.status).toBe(200);
    expect(dry.body.steps).toEqual([
      {
        path: '0',
        type: 'wait',
        outcome: 'would_run',
        detail: { waitUntil: '2026-03-05T10:00:00.000Z' },
      },
      {
        path: '1',
        type: 'email',
        outcome: 'would_run',
        detail: { to: 'gus@example.com', subject: 'Hello Gus', text: 'Stars: 4' },
      },
    ]);
    const before = smtp.mails.length;
    const real = await api(`/api/automations/${a.id}/test-run`, {
      body: { customerId: gus, dryRun: false, event: { properties: { stars: 4 } } },
    });
    expect(real.status).toBe(200);
    expect(real.body.run).toMatchObject({ mode: 'test', status: 'done' });
    expect(real.body.run.steps.map((s: { status: string }) => s.status)).toEqual(['done', 'done']);
    await smtp.waitFor(before + 1);
    expect(smtp.mails.at(-1)).toMatchObject({ subject: 'Hello Gus', to: 'gus@example.com' });
    const missing = await api(`/api/automations/${a.id}/test-run`, {
      body: { customerId: 'cus_nobody' },
    });
    expect(missing.status).toBe(404);
  });

  it("invites to a survey with its signed link, and a detractor's answer starts a follow-up task", async () => {
    // Survey links expire in real time: the engine's clock is set to it, and quiet hours are off
    // so that the invitation goes out whatever the hour.
    clock.set(new Date());
    await api('/api/automation-settings', { method: 'PATCH', body: { quietHours: null } });
    const survey = await api('/api/surveys', {
      body: { touchpointId: tp.Review, name: 'Delivery NPS', kind: 'nps' },
    });
    expect(survey.status).toBe(201);
    const ask = await createAutomation({
      name: 'Ask for NPS',
      trigger: { type: 'event', touchpointId: tp.Order },
      steps: [
        {
          type: 'survey',
          surveyId: survey.body.id,
          subject: 'How did we do, {{traits.first_name}}?',
          text: 'Your order {{event.properties.order_id}} arrived.',
        },
      ],
    });
    const followUp = await createAutomation({
      name: 'Detractor follow-up',
      trigger: { type: 'survey_response', surveyId: survey.body.id, op: 'lte', value: 6 },
      steps: [
        {
          type: 'task',
          touchpointId: tp.Support,
          title: 'Call {{traits.first_name}}: NPS {{event.properties.score}}',
        },
      ],
    });
    const before = smtp.mails.length;
    for (const [user, name] of [
      ['hal', 'Hal'],
      ['ivy', 'Ivy'],
    ]) {
      await identify(user!, { email: `${user}@example.com`, first_name: name });
      await track(user!, 'Order Completed', { order_id: `${name}-1` });
    }
    await tick();
    await smtp.waitFor(before + 2);
    const invitations = smtp.mails.slice(before);
    const hal = invitations.find((m) => m.to === 'hal@example.com')!;
    expect(hal.subject).toBe('How did we do, Hal?');
    expect(hal.text).toContain('Your order Hal-1 arrived.');
    expect(hal.text).toContain('How likely are you to recommend us');
    const link = (m: typeof hal) => /http:\/\/waymark\.test(\/s\/[^\s?]+)/.exec(m.text)![1]!;
    // One button per score, 0 to 10, each pre-selecting it on the hosted page.
    for (const score of [0, 10]) expect(hal.html).toContain(`${link(hal)}?score=${score}`);
    const answer = async (m: typeof hal, score: number) => {
      const res = await call(`${srv.url}${link(m)}`, { body: { answers: { score } } });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    };
    await answer(hal, 3);
    await answer(invitations.find((m) => m.to === 'ivy@example.com')!, 9);
    const [askRun] = await runsOf(ask.id);
    expect(askRun.steps[0].detail.surveyUrl).toMatch(/^http:\/\/waymark\.test\/s\//);

    await tick();
    const tasks = (await api(`/api/tasks?touchpointId=${tp.Support}`)).body as Array<{
      title: string;
    }>;
    expect(tasks.filter((t) => t.title.includes('NPS')).map((t) => t.title)).toEqual([
      'Call Hal: NPS 3',
    ]);
    const runs = await runsOf(followUp.id);
    expect(runs).toHaveLength(1);
    expect(runs[0].trigger.properties).toMatchObject({ survey_id: survey.body.id, score: 3 });
    await api('/api/automation-settings', {
      method: 'PATCH',
      body: { quietHours: { start: '21:00', end: '08:00' } },
    });
    for (const a of [ask, followUp])
      await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });

  it('starts runs on silence after a touchpoint, on entering a segment and on a schedule', async () => {
    const now = Date.now();
    const day = 86_400_000;
    clock.set(new Date(now));
    const persona = await api('/api/personas', {
      body: {
        name: 'Gold',
        segment: { match: 'all', conditions: [{ trait: 'tier', op: 'eq', value: 'gold' }] },
      },
    });
    expect(persona.status).toBe(201);
    const silence = await createAutomation({
      name: 'Abandoned checkout',
      trigger: { type: 'silence', touchpointId: tp.Checkout, days: 3 },
      steps: [{ type: 'add_tag', tag: 'abandoned' }],
    });
    const entered = await createAutomation({
      name: 'Welcome to gold',
      trigger: { type: 'segment_entered', personaId: persona.body.id },
      steps: [{ type: 'add_tag', tag: 'gold-welcome' }],
    });
    const weekly = await createAutomation({
      name: 'Monday digest',
      trigger: {
        type: 'schedule',
        every: 'week',
        weekday: 1,
        at: '09:00',
        personaId: persona.body.id,
      },
      steps: [{ type: 'add_tag', tag: 'digest' }],
    });
    await identify('old-gold', { tier: 'gold' });
    // quiet: checkout, then nothing; busy: checkout, then an order a day later.
    await track('quiet', 'Checkout Started', {}, { timestamp: new Date(now + 1000).toISOString() });
    await track('busy', 'Checkout Started', {}, { timestamp: new Date(now + 1000).toISOString() });
    await track('busy', 'Order Completed', {}, { timestamp: new Date(now + day).toISOString() });
    // First look: the segment's members now are recorded, not welcomed.
    await tick();
    await identify('new-gold', { tier: 'gold' });
    clock.set(new Date(now + 3 * day + 60_000));
    await tick();
    // (Earlier tests' checkouts, followed by nothing, are silences too.)
    const silent = (await runsOf(silence.id)).map((r: { customerId: string }) => r.customerId);
    expect(silent).toContain(await customerIdOf('quiet'));
    expect(silent).not.toContain(await customerIdOf('busy'));
    expect((await runsOf(entered.id)).map((r: { customerId: string }) => r.customerId)).toEqual([
      await customerIdOf('new-gold'),
    ]);
    // The schedule fires at the first Monday 09:00 (UTC) after it was switched on, once.
    const monday = new Date(now);
    monday.setUTCHours(9, 0, 0, 0);
    while (monday.getUTCDay() !== 1 || monday.getTime() <= now)
      monday.setTime(monday.getTime() + day);
    clock.set(new Date(monday.getTime() - 60_000));
    await tick();
    const firedBefore = (await runsOf(weekly.id)).length;
    clock.set(new Date(monday.getTime() + 60_000));
    await tick();
    clock.set(new Date(monday.getTime() + 5 * 60_000));
    await tick();
    const digest = await runsOf(weekly.id);
    expect(firedBefore).toBe(0);
    expect(digest.map((r: { customerId: string }) => r.customerId).sort()).toEqual(
      [await customerIdOf('old-gold'), await customerIdOf('new-gold')].sort(),
    );
    expect(digest[0].trigger.timestamp).toBe(monday.toISOString());
    for (const a of [silence, entered, weekly])
      await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });

  it('refuses bad definitions naming the field, hides other workspaces and lets viewers only read', async () => {
    const unknownTp = await api('/api/automations', {
      body: {
        name: 'x',
        trigger: { type: 'event', touchpointId: 'tp_missing' },
        steps: [{ type: 'add_tag', tag: 't' }],
      },
    });
    expect(unknownTp.status).toBe(400);
    expect(unknownTp.body.error.details).toEqual([
      { path: 'body.trigger.touchpointId', message: 'touchpoint tp_missing not found' },
    ]);
    const badStep = await api('/api/automations', {
      body: {
        name: 'x',
        trigger: { type: 'event', touchpointId: tp.Order },
        steps: [{ type: 'wait' }, { type: 'teleport' }],
      },
    });
    expect(badStep.status).toBe(400);
    expect(badStep.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'body.steps.0.duration',
      'body.steps.1.type',
    ]);
    const badWeekly = await api('/api/automations', {
      body: {
        name: 'x',
        trigger: { type: 'schedule', every: 'week', at: '25:00' },
        steps: [{ type: 'add_tag', tag: 't' }],
      },
    });
    expect(badWeekly.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual([
      'body.trigger.at',
      'body.trigger.weekday',
    ]);
    const badTz = await api('/api/automation-settings', {
      method: 'PATCH',
      body: { timezone: 'Mars/Olympus' },
    });
    expect(badTz.status).toBe(400);
    expect(badTz.body.error.details[0].path).toBe('body.timezone');

    const mine = await createAutomation({
      name: 'Mine',
      enabled: false,
      trigger: { type: 'event', touchpointId: tp.Order },
      steps: [{ type: 'add_tag', tag: 't' }],
    });
    const other = await createWorkspaceWithKeys(srv.store, 'Other');
    const foreign = (path: string, init: { method?: string; body?: unknown } = {}) =>
      call(`${srv.url}${path}`, { auth: `Bearer ${other.apiKey.secret}`, ...init });
    expect((await foreign(`/api/automations/${mine.id}`)).status).toBe(404);
    expect((await foreign(`/api/automations/${mine.id}/runs`)).status).toBe(404);
    expect((await foreign(`/api/automations/${mine.id}/enable`, { method: 'POST' })).status).toBe(
      404,
    );
    expect((await foreign('/api/automations')).body).toEqual([]);

    await srv.store.createUser(
      {
        email: 'viewer@example.com',
        name: 'Vi',
        passwordHash: await hashPassword('viewer-password'),
      },
      { workspaceId, role: 'viewer' },
    );
    const browser = await signIn(srv.url, 'viewer@example.com', 'viewer-password');
    const list = await asBrowser(srv.url, browser, workspaceId, '/api/automations');
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThan(0);
    expect(list.body[0].webhookSecret).toBeUndefined();
    const write = await asBrowser(
      srv.url,
      browser,
      workspaceId,
      `/api/automations/${mine.id}/enable`,
      {
        method: 'POST',
      },
    );
    expect(write.status).toBe(403);
  });

  it('compares the conversion of customers who went through it with those who qualified before it existed', async () => {
    // The outcome counts against real time: the automation is switched on now.
    const now = Date.now();
    clock.set(new Date(now));
    const day = 86_400_000;
    const at = (ms: number) => new Date(ms).toISOString();
    const t0 = now - 60 * day;
    // Before the automation: c1 orders 5 days after the newsletter (converted, next stage),
    // c2 only starts a checkout (next stage), c3 does nothing, c4 orders after the 30-day window.
    const history = [
      ['c1', 'Newsletter Opened', t0],
      ['c1', 'Order Completed', t0 + 5 * day],
      ['c2', 'Newsletter Opened', t0],
      ['c2', 'Checkout Started', t0 + 3 * day],
      ['c3', 'Newsletter Opened', t0],
      ['c4', 'Newsletter Opened', t0],
      ['c4', 'Order Completed', t0 + 40 * day],
    ] as const;
    const batch = history.map(([userId, event, ts], i) => ({
      type: 'track',
      userId,
      event,
      timestamp: at(ts),
      messageId: `hist-${i}`,
    }));
    expect(
      (await call(`${srv.url}/v1/batch`, { auth: basic(writeKey), body: { batch } })).status,
    ).toBe(200);
    await srv.store.eventsSettled();
    const a = await createAutomation({
      name: 'Newsletter follow-up',
      trigger: { type: 'event', touchpointId: tp.Newsletter },
      steps: [{ type: 'add_tag', tag: 'followed-up' }],
    });
    // Through it: t1 opens and orders a second later; t2 only opens.
    await track('t1', 'Newsletter Opened', {}, { timestamp: at(now + 1000) });
    await track('t1', 'Order Completed', {}, { timestamp: at(now + 2000) });
    await track('t2', 'Newsletter Opened', {}, { timestamp: at(now + 1000) });
    await tick();
    expect(await runsOf(a.id)).toHaveLength(2);

    const open = await api(`/api/automations/${a.id}/outcome?includeOpen=true`);
    expect(open.status).toBe(200);
    expect(open.body).toMatchObject({
      windowDays: 30,
      goal: 'Order Completed',
      nextStage: { name: 'Buy' },
      treated: {
        customers: 2,
        measured: 2,
        inWindow: 2,
        conversion: { n: 2, successes: 1, rate: 0.5 },
        nextStage: { n: 2, successes: 1, rate: 0.5 },
      },
      control: {
        customers: 4,
        measured: 4,
        inWindow: 0,
        conversion: { n: 4, successes: 1, rate: 0.25 },
        nextStage: { n: 4, successes: 2, rate: 0.5 },
      },
    });
    const expected = compareProportions(proportion(1, 2), proportion(1, 4));
    expect(open.body.conversionDifference.difference).toBeCloseTo(0.25, 12);
    expect(open.body.conversionDifference.ci95.low).toBeCloseTo(expected.ci95!.low, 12);
    expect(open.body.conversionDifference.ci95.high).toBeCloseTo(expected.ci95!.high, 12);
    // By default only closed windows count: the treated customers are still in theirs.
    const closed = await api(`/api/automations/${a.id}/outcome`);
    expect(closed.body.treated).toMatchObject({ customers: 2, measured: 0, inWindow: 2 });
    expect(closed.body.treated.conversion.rate).toBeNull();
    expect(closed.body.conversionDifference).toEqual({
      difference: null,
      ci95: null,
      significant: null,
    });
    await api(`/api/automations/${a.id}/disable`, { method: 'POST' });
  });
});
