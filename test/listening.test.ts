import { rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CONTACT_REASON_EXAMPLES } from '../src/core/demo/contact-reason-examples.ts';
import { scoreSentiment } from '../src/core/sentiment/score-sentiment.ts';
import { normalizeEvent } from '../src/ingest/segment/index.ts';
import { DuckDbStore } from '../src/store/engines/duckdb/store.ts';
import { createUserInWorkspace } from '../src/store/setup.ts';
import { basic, call, startTestServer, type TestServer, tempDir } from './helpers/server.ts';
import { asBrowser, signIn } from './helpers/session.ts';

/**
 * The listening layer on workspace data, against a real server and DuckDB file: stored sentiment
 * of event texts, contact reasons with a trained model and as themes, self-service gaps and the
 * tasks made from them, measured emotion per stage and the measured marker. Expected figures are
 * worked out from the texts in the test (sentiment through the shipped scorer, as stored).
 */
let srv: TestServer;
let key: string;
let write: string;
let journeyId: string;
let buy: string;
let help: string;
const tp = { reviews: '', chat: '', email: '' };

const RANGE = { from: '2025-01-31T00:00:00.000Z', to: '2025-03-02T00:00:00.000Z' };
const range = `from=${RANGE.from}&to=${RANGE.to}`;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const score = (t: string) => scoreSentiment(t).score;

const NEGATIVE_REVIEWS = [
  'Terrible quality, the seams ripped after one wash.',
  'Awful fit and the colour is ugly. Very disappointed.',
  'Worst purchase ever, cheap and broken.',
];
/** 30 reviews: 27 strongly negative, two happy, one neutral. */
const REVIEWS = [
  ...Array.from({ length: 27 }, (_, i) => NEGATIVE_REVIEWS[i % 3]!),
  'Great quality, will order again.',
  'Great quality, will order again.',
  'It is a jacket.',
];
const PASSWORD = [
  'I asked for a password reset but the email never arrived. I checked my spam folder too.',
  'I cannot log in to see my order because the password reset does not work.',
  'I tried the password reset again and still nothing arrives. Please help.',
];
const LATE = [
  'My parcel is late. The tracking page just says in transit. When will it come?',
  'Hi, order A-1 should have arrived yesterday and tracking has not moved for three days. Can you check?',
];

const api = (
  p: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
) => call(`${srv.url}${p}`, { ...init, auth: key });

const track = (userId: string, event: string, timestamp: string, text?: string) => ({
  type: 'track',
  userId,
  event,
  timestamp,
  properties: text === undefined ? {} : { text },
});
const day = (d: number) =>
  new Date(Date.parse('2025-01-01T12:00:00.000Z') + d * 86_400_000).toISOString();

/** Current period (days 30..59): 12 password contacts from 9 customers (3 wrote twice), 4 late. */
const CURRENT_CHATS = [
  ...Array.from({ length: 9 }, (_, i) =>
    track(`p${i}`, 'Live Chat Message Sent', day(31 + i), PASSWORD[i % 3]),
  ),
  ...Array.from({ length: 3 }, (_, i) =>
    track(`p${i}`, 'Live Chat Message Sent', day(45 + i), PASSWORD[(i + 1) % 3]),
  ),
  ...Array.from({ length: 4 }, (_, i) =>
    track(`d${i}`, 'Support Email Received', day(40 + i), LATE[i % 2]),
  ),
];
/** Previous period (days 0..29): 8 password contacts. */
const PREVIOUS_CHATS = Array.from({ length: 8 }, (_, i) =>
  track(`q${i}`, 'Live Chat Message Sent', day(5 + i), PASSWORD[i % 3]),
);

beforeAll(async () => {
  srv = await startTestServer();
  const ws = await srv.store.createWorkspace({ name: 'Listening' });
  key = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
  write = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
  journeyId = (await api('/api/journeys', { body: { name: 'Shop' } })).body.id;
  buy = (
    await api(`/api/journeys/${journeyId}/stages`, { body: { name: 'Buy', lanes: { emotion: 1 } } })
  ).body.id;
  help = (
    await api(`/api/journeys/${journeyId}/stages`, {
      body: { name: 'Get help', lanes: { emotion: -1 } },
    })
  ).body.id;
  const mk = async (stageId: string, name: string, phase: string, channel: string, event: string) =>
    (
      await api(`/api/journeys/${journeyId}/touchpoints`, {
        body: { stageId, name, channel, phase, matchRules: [{ event }] },
      })
    ).body.id as string;
  tp.reviews = await mk(buy, 'Product reviews', 'after', 'review-site', 'Product Reviewed');
  tp.chat = await mk(help, 'Support chat', 'service', 'chat', 'Live Chat *');
  tp.email = await mk(help, 'Support email', 'service', 'email', 'Support Email *');

  const batch = [
    ...REVIEWS.map((t, i) => track(`r${i}`, 'Product Reviewed', day(32 + (i % 20)), t)),
    ...CURRENT_CHATS,
    ...PREVIOUS_CHATS,
    // No text, and a blank one: nothing to score.
    track('r0', 'Page Viewed', day(33)),
    track('r1', 'Product Reviewed', day(33), '   '),
  ];
  const res = await call(`${srv.url}/v1/batch`, { auth: write, body: { batch } });
  expect(res.status).toBe(200);

  // CSAT on the reviews touchpoint: 5, 4 and 2 (the surveys module's own history import).
  const survey = (
    await api('/api/surveys', {
      body: { touchpointId: tp.reviews, name: 'How was it?', kind: 'csat' },
    })
  ).body;
  const customers = await srv.store.listCustomers(ws.id, { search: 'r2', limit: 5 });
  const customerId = customers.items[0]!.id;
  await srv.store.importSurveyHistory(ws.id, {
    invitations: [],
    responses: [5, 4, 2].map((s, i) => ({
      nonce: `n${i}`,
      surveyId: survey.id,
      touchpointId: tp.reviews,
      customerId,
      answers: {},
      score: s,
      comment: null,
      channel: 'link' as const,
      createdAt: new Date(day(35 + i)),
    })),
  });
}, 60_000);

afterAll(async () => {
  await srv?.close();
});

describe('sentiment of stored texts', () => {
  it('scores every event text in the background after the events load, with the shipped scorer', async () => {
    const db = (srv.store as DuckDbStore).db;
    const texts = [...REVIEWS, ...CURRENT_CHATS, ...PREVIOUS_CHATS].length;
    // No read asks for it: the pass scheduled by the write fills the table on its own.
    let n = 0;
    for (let i = 0; i < 100 && n < texts; i++) {
      [{ n }] = await db.query<{ n: number }>(
        "SELECT count(*) AS n FROM text_sentiment s JOIN workspaces w ON w.id = s.workspace_id WHERE w.name = 'Listening'",
      );
      if (n < texts) await new Promise((r) => setTimeout(r, 50));
    }
    expect(n).toBe(texts);
  });

  it("gives a customer's messages their exact scores and the average", async () => {
    const list = await api('/api/customers?search=p0');
    const id = list.body.items[0].id;
    const res = await api(`/api/customers/${id}/sentiment`);
    expect(res.status).toBe(200);
    // p0 wrote PASSWORD[0] on day 31 and PASSWORD[1] on day 45: newest first.
    expect(
      res.body.messages.map((m: { text: string; score: number; label: string }) => [
        m.text,
        m.score,
        m.label,
      ]),
    ).toEqual([
      [PASSWORD[1], score(PASSWORD[1]!), scoreSentiment(PASSWORD[1]!).label],
      [PASSWORD[0], score(PASSWORD[0]!), scoreSentiment(PASSWORD[0]!).label],
    ]);
    expect(res.body.summary.n).toBe(2);
    expect(res.body.summary.average).toBeCloseTo(
      mean([score(PASSWORD[0]!), score(PASSWORD[1]!)]),
      12,
    );
    expect((await api('/api/customers/cus_nope/sentiment')).status).toBe(404);
  });

  it('averages sentiment per touchpoint and per stage, with label counts', async () => {
    const res = await api(`/api/journeys/${journeyId}/sentiment?${range}`);
    expect(res.status).toBe(200);
    const reviews = res.body.touchpoints.find(
      (t: { touchpointId: string }) => t.touchpointId === tp.reviews,
    );
    expect(reviews.sentiment.n).toBe(30);
    expect(reviews.sentiment.average).toBeCloseTo(mean(REVIEWS.map(score)), 12);
    expect(reviews.sentiment.labels).toEqual({ positive: 2, neutral: 1, negative: 27 });
    // The previous period's chats are out of range: 12 chats and 4 emails in the help stage.
    const helpStage = res.body.stages.find((s: { stageId: string }) => s.stageId === help);
    const helpTexts = CURRENT_CHATS.map((e) => e.properties.text as string);
    expect(helpStage.sentiment.n).toBe(16);
    expect(helpStage.sentiment.average).toBeCloseTo(mean(helpTexts.map(score)), 12);
  });
});

describe('measured emotion and the measured marker', () => {
  it('combines sentiment (x2) and the mean CSAT rating (-3) per stage, equally weighted', async () => {
    const res = await api(`/api/journeys/${journeyId}/metrics?${range}`);
    expect(res.status).toBe(200);
    const [buyStage, helpStage] = res.body.stages;
    const fromSentiment = 2 * mean(REVIEWS.map(score));
    // CSAT 5, 4, 2: mean 11/3, on the emotion scale 11/3 - 3 = 2/3.
    expect(buyStage.measuredEmotion.fromCsat).toBeCloseTo(2 / 3, 12);
    expect(buyStage.measuredEmotion.fromSentiment).toBeCloseTo(fromSentiment, 12);
    expect(buyStage.measuredEmotion.value).toBeCloseTo((fromSentiment + 2 / 3) / 2, 12);
    expect(buyStage.measuredEmotion.n).toBe(33);
    expect(buyStage.designedEmotion).toBe(1);
    expect(buyStage.csat).toEqual({ csat: (100 * 2) / 3, mean: 11 / 3, responses: 3 });
    // No survey in the help stage: sentiment alone.
    const helpTexts = CURRENT_CHATS.map((e) => e.properties.text as string);
    expect(helpStage.measuredEmotion.fromCsat).toBeNull();
    expect(helpStage.measuredEmotion.value).toBeCloseTo(2 * mean(helpTexts.map(score)), 12);
  });

  it('turns a touchpoint with strongly negative texts red and says why', async () => {
    const res = await api(`/api/journeys/${journeyId}/metrics?${range}`);
    const reviews = res.body.touchpoints.find(
      (t: { touchpointId: string }) => t.touchpointId === tp.reviews,
    );
    const avg = mean(REVIEWS.map(score));
    expect(reviews.reach).toBe(30);
    expect(reviews.measuredMarker).toBe('red');
    expect(reviews.markerReasons).toContain(
      `sentiment ${avg.toFixed(2)} across 30 texts (strongly negative: <= -0.3)`,
    );
    expect(reviews.csat).toEqual({ csat: (100 * 2) / 3, mean: 11 / 3, responses: 3 });
    // Service touchpoints are not judged on what customers write about their problem.
    const chat = res.body.touchpoints.find(
      (t: { touchpointId: string }) => t.touchpointId === tp.chat,
    );
    expect(chat.markerReasons.join(' ')).not.toContain('sentiment');
  });
});

describe('contact reasons with a trained model', () => {
  let gapKey: string;

  it('trains from JSON rows and reports held-out accuracy', async () => {
    const res = await api('/api/contact-reasons/model', {
      body: { examples: DEMO_CONTACT_REASON_EXAMPLES },
    });
    expect(res.status).toBe(201);
    expect(res.body.reasons).toHaveLength(10);
    expect(res.body.examples).toBe(100);
    // 20 % of each reason's 10 examples held back: 20 rows, 17 of them right (seed 1).
    expect(res.body.holdout).toEqual({ share: 0.2, rows: 20, accuracy: 0.85 });
    expect(res.body.minConfidence).toBe(0.4);
    expect((await api('/api/contact-reasons/model')).body.id).toBe(res.body.id);
  });

  it("classifies the service touchpoints' texts, with trend and repeat rate", async () => {
    const res = await api(`/api/contact-reasons?journeyId=${journeyId}&${range}`);
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('reasons');
    expect(res.body.contacts).toBe(16);
    expect(res.body.previousContacts).toBe(8);
    expect(res.body.previousFrom).toBe('2025-01-01T00:00:00.000Z');
    const [password, late] = res.body.reasons;
    expect(password).toMatchObject({
      key: 'reason-password-reset',
      name: 'password reset',
      volume: 12,
      share: 0.75,
      trend: { previous: 8, change: 4, relativeChange: 0.5, direction: 'up' },
      customers: 9,
      repeatCustomers: 3,
      repeatRate: 1 / 3,
      touchpoints: [{ touchpointId: tp.chat, name: 'Support chat', volume: 12 }],
    });
    expect(password.examples).toHaveLength(3);
    expect(late).toMatchObject({
      name: 'late delivery',
      volume: 4,
      trend: { previous: 0, change: 4, relativeChange: null, direction: 'up' },
      touchpoints: [{ touchpointId: tp.email, name: 'Support email', volume: 4 }],
    });
    // One touchpoint only.
    const email = await api(`/api/contact-reasons?touchpointId=${tp.email}&${range}`);
    expect(email.body.contacts).toBe(4);
    expect(email.body.reasons.map((r: { name: string }) => r.name)).toEqual(['late delivery']);
  });

  it('suggests a knowledge-base article for a recurring reason, by the documented rule', async () => {
    const res = await api(`/api/journeys/${journeyId}/self-service-gaps?${range}`);
    expect(res.status).toBe(200);
    expect(res.body.rule).toEqual({ minContacts: 10, minShare: 0.05 });
    // Late delivery: 4 contacts, under the 10 the rule asks for.
    expect(res.body.gaps).toHaveLength(1);
    const [gap] = res.body.gaps;
    expect(gap.suggestion).toBe(
      'Add a knowledge-base article for *password reset*: 12 contacts in 30 days, 33% repeat, up 50% on the previous 30 days',
    );
    expect(gap.priority).toBeCloseTo(12 * (1 + 1 / 3), 12);
    gapKey = gap.key;
  });

  it('creates a task on the touchpoint from the suggestion', async () => {
    const res = await api(`/api/journeys/${journeyId}/self-service-gaps/${gapKey}/task`, {
      body: { ...RANGE },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      touchpointId: tp.chat,
      journeyId,
      title: 'Add a knowledge-base article for password reset',
      source: 'suggestion',
      status: 'todo',
    });
    expect(res.body.description).toContain('12 contacts in 30 days, 33% repeat');
    expect(res.body.checklist).toHaveLength(4);
    const other = await api(`/api/journeys/${journeyId}/self-service-gaps/reason-nothing/task`, {
      body: { ...RANGE },
    });
    expect(other.status).toBe(404);
    const wrong = await api(`/api/journeys/${journeyId}/self-service-gaps/${gapKey}/task`, {
      body: { ...RANGE, touchpointId: 'tp_elsewhere' },
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].path).toBe('body.touchpointId');
  });

  it('trains from a CSV sent as text/csv', async () => {
    const csv = `text,reason\n${DEMO_CONTACT_REASON_EXAMPLES.map((e) => `"${e.text}",${e.reason}`).join('\n')}\n`;
    const res = await api('/api/contact-reasons/model', {
      body: csv,
      headers: { 'content-type': 'text/csv' },
    });
    expect(res.status).toBe(201);
    expect(res.body.examples).toBe(100);
  });

  it('refuses a bad CSV with a 400 naming the line or the column', async () => {
    const post = (body: unknown) => api('/api/contact-reasons/model', { body });
    const noColumn = await post({ csv: 'message,reason\nhello,x\n' });
    expect(noColumn.status).toBe(400);
    expect(noColumn.body.error.message).toBe(
      'the CSV has no column "text"; its columns: message, reason',
    );
    expect(noColumn.body.error.details).toEqual([
      { path: 'body.csv', message: 'no column "text"' },
    ]);
    const empty = await post({ csv: 'text,reason\nWhere is my parcel?,late\nMy card fails,\n' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('CSV line 3: column "reason" is empty');
    const renamed = await post({
      csv: 'msg;why\nWhere is my parcel?;late\n',
      textColumn: 'msg',
      reasonColumn: 'why',
      delimiter: ';',
    });
    expect(renamed.status).toBe(400);
    expect(renamed.body.error.message).toBe('training needs examples of at least two reasons');
    const unclosed = await post({ csv: 'text,reason\n"Where is my parcel?,late\n' });
    expect(unclosed.status).toBe(400);
    expect(unclosed.body.error.message).toMatch(/^CSV line 2: /);
    const nothing = await post({});
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.details[0].path).toBe('body.examples');
  });

  it('lets viewers read the reasons but not train', async () => {
    const ws = (await api('/api/workspace')).body.id;
    await createUserInWorkspace(srv.store, {
      workspaceId: ws,
      email: 'viewer@listening.test',
      name: 'Viewer',
      password: 'a long enough password',
      role: 'viewer',
    });
    const browser = await signIn(srv.url, 'viewer@listening.test', 'a long enough password');
    const read = await asBrowser(
      srv.url,
      browser,
      ws,
      `/api/contact-reasons?journeyId=${journeyId}&${range}`,
    );
    expect(read.status).toBe(200);
    const train = await asBrowser(srv.url, browser, ws, '/api/contact-reasons/model', {
      method: 'POST',
      body: { examples: DEMO_CONTACT_REASON_EXAMPLES },
    });
    expect(train.status).toBe(403);
  });

  it('falls back to themes when the model is deleted', async () => {
    expect((await api('/api/contact-reasons/model', { method: 'DELETE' })).status).toBe(204);
    expect((await api('/api/contact-reasons/model')).status).toBe(404);
    const res = await api(`/api/contact-reasons?journeyId=${journeyId}&${range}`);
    expect(res.body.mode).toBe('themes');
    expect(res.body.model).toBeNull();
    // Themes are discovered over both periods' 24 texts; this period's volumes add up to 16.
    expect(res.body.reasons.reduce((s: number, r: { volume: number }) => s + r.volume, 0)).toBe(16);
    expect(res.body.previousContacts).toBe(8);
    expect(res.body.reasons.every((r: { key: string }) => r.key.startsWith('theme-'))).toBe(true);
  });
});

describe('contact reasons without a model', () => {
  it('groups unlabelled texts into themes named by their top terms', async () => {
    const ws = await srv.store.createWorkspace({ name: 'Themes' });
    const k = `Bearer ${(await srv.store.createKey(ws.id, 'api', '')).secret}`;
    const w = basic((await srv.store.createKey(ws.id, 'write', '')).secret);
    const j = (await call(`${srv.url}/api/journeys`, { auth: k, body: { name: 'Help' } })).body.id;
    const s = (
      await call(`${srv.url}/api/journeys/${j}/stages`, { auth: k, body: { name: 'Help' } })
    ).body.id;
    await call(`${srv.url}/api/journeys/${j}/touchpoints`, {
      auth: k,
      body: {
        stageId: s,
        name: 'Chat',
        channel: 'chat',
        phase: 'service',
        matchRules: [{ event: 'Chat' }],
      },
    });
    const texts = [
      ...[
        'password reset email missing',
        'password reset email never came',
        'no password reset email at all',
        'the password reset email is missing again',
        'password reset email broken',
        'password reset email did not come',
      ],
      ...[
        'refund money not received',
        'refund money still not received',
        'my refund money is not received',
        'refund money not received yet',
        'refund money was not received',
        'refund money never received',
      ],
    ];
    await call(`${srv.url}/v1/batch`, {
      auth: w,
      body: { batch: texts.map((t, i) => track(`c${i}`, 'Chat', day(40), t)) },
    });
    const res = await call(`${srv.url}/api/contact-reasons?journeyId=${j}&${range}`, { auth: k });
    expect(res.status).toBe(200);
    expect(res.body.mode).toBe('themes');
    expect(res.body.contacts).toBe(12);
    // Two themes (silhouette 0.64 for k = 2 against 0.59 for k = 3), named by their top terms.
    expect(
      res.body.reasons.map((r: { name: string; volume: number }) => [r.name, r.volume]),
    ).toEqual([
      ['email / password / reset', 6],
      ['money / received / refund', 6],
    ]);
    // Up to three of the texts closest to the theme's centre.
    expect(res.body.reasons[1].examples).toHaveLength(3);
    expect(res.body.reasons[1].examples.every((e: string) => e.includes('refund money'))).toBe(
      true,
    );
    expect(res.body.reasons[0].key).toBe('theme-email-password-reset');
    // A theme is a gap too once it recurs: 6 contacts are fewer than the rule's 10.
    const gaps = await call(`${srv.url}/api/journeys/${j}/self-service-gaps?${range}`, { auth: k });
    expect(gaps.body.gaps).toEqual([]);
    expect((await call(`${srv.url}/api/contact-reasons?${range}`, { auth: k })).status).toBe(400);
    expect(
      (await call(`${srv.url}/api/contact-reasons?journeyId=${journeyId}`, { auth: k })).status,
    ).toBe(404);
  });
});

describe('catching up after a restart', () => {
  it('scores in the background, on the next start, the texts stored before a stop', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'waymark.duckdb');
    const texts = ['I love it!', 'The delivery was awful.', 'Fine.'];
    const event = (t: string, i: number) => {
      const r = normalizeEvent(
        'track',
        { userId: 'u1', event: 'Chat', messageId: `m${i}`, properties: { text: t } },
        Date.now(),
      );
      if (!r.ok) throw new Error(r.error.message);
      return r.event;
    };
    // A background delay of an hour: the store stops before any pass runs.
    let store = await DuckDbStore.open(file, { textAnalysisDelayMs: 3_600_000 });
    const ws = await store.createWorkspace({ name: 'Restart' });
    await store.insertEvents(texts.map((t, i) => ({ workspaceId: ws.id, event: event(t, i) })));
    const count = async () =>
      (await store.db.query<{ n: number }>('SELECT count(*) AS n FROM text_sentiment'))[0]!.n;
    expect(await count()).toBe(0);
    await store.close();

    store = await DuckDbStore.open(file, { textAnalysisDelayMs: 0 });
    await store.listening().idle();
    const rows = await store.db.query<{ text: string; score: number }>(
      'SELECT e.text, s.score FROM text_sentiment s JOIN events e ON e.dedup_key = s.event_key ORDER BY e.message_id',
    );
    expect(rows).toEqual(texts.map((t) => ({ text: t, score: score(t) })));
    // More events later: only they are analysed (the bound moved past the first three).
    await store.insertEvents([{ workspaceId: ws.id, event: event('Really bad.', 9) }]);
    await store.listening().idle();
    expect(await count()).toBe(4);
    const [cursor] = await store.db.query<{ events_end: number; events_below: number }>(
      "SELECT events_end, events_below FROM text_analysis_cursors WHERE name = 'sentiment'",
    );
    expect(cursor).toEqual({ events_end: 4, events_below: 4 });
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
