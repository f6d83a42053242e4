import { rmSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';
import { signSurveyToken } from '../src/core/surveys/survey-token.ts';
import { keptSecretPath, loadKeptSecret } from '../src/server/kept-secret.ts';
import { createTestUser, TEST_PASSWORD } from './helpers/browser.ts';
import { basic, call, tempDir } from './helpers/server.ts';
import { asBrowser, signIn } from './helpers/session.ts';
import {
  SURVEY_SECRET,
  type SurveyTestServer,
  startSurveyServer,
} from './helpers/survey-server.ts';

const DAY = 86_400_000;
let srv: SurveyTestServer;
let journeyId: string;
let afterTp: { id: string; name: string };
let supportTp: { id: string; name: string };

function api(path: string, init: { method?: string; body?: unknown; auth?: string } = {}) {
  return call(`${srv.url}${path}`, { auth: `Bearer ${srv.apiKey}`, ...init });
}

/** Posts an HTML form as a browser without JavaScript would. */
async function postForm(url: string, fields: Array<[string, string]>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
  return { status: res.status, html: await res.text(), headers: res.headers };
}

async function page(url: string) {
  const res = await fetch(url);
  return { status: res.status, html: await res.text(), headers: res.headers };
}

/** Sends identify calls so that these people exist as customers. */
async function identify(people: Array<{ userId?: string; anonymousId?: string; email?: string }>) {
  const batch = people.map((p) => ({
    type: 'identify',
    ...p,
    traits: p.email ? { email: p.email } : {},
  }));
  const res = await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } });
  expect(res.status).toBe(200);
}

async function createSurvey(body: Record<string, unknown>) {
  const res = await api('/api/surveys', { body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as { id: string; questions: Array<{ id: string }> };
}

async function link(surveyId: string, body: Record<string, unknown>) {
  return api(`/api/surveys/${surveyId}/links`, { body });
}

async function customerIdOf(userId: string): Promise<string> {
  const res = await api(`/api/customers?search=${encodeURIComponent(userId)}`);
  return res.body.items[0].id;
}

beforeAll(async () => {
  srv = await startSurveyServer();
  const j = await api('/api/journeys/from-template', { body: { template: 'ecommerce-retail' } });
  journeyId = j.body.id;
  const tps = (await api(`/api/journeys/${journeyId}`)).body.touchpoints as Array<{
    id: string;
    name: string;
  }>;
  afterTp = tps.find((t) => t.name === 'Post-delivery survey')!;
  supportTp = tps.find((t) => /support chat/i.test(t.name))!;
  expect(afterTp && supportTp).toBeTruthy();
  await identify([
    { userId: 'alice', email: 'alice@example.com' },
    { userId: 'bob' },
    { userId: 'carol' },
    { userId: 'dave' },
    { userId: 'erin' },
    { userId: 'frank' },
    { userId: 'gina' },
    { anonymousId: 'anon-hal' },
  ]);
});
afterAll(async () => {
  await srv?.close();
});

describe('surveys: model and validation', () => {
  it('creates a CSAT survey with the standard question when none is given', async () => {
    const s = await createSurvey({
      touchpointId: afterTp.id,
      name: 'After delivery',
      kind: 'csat',
    });
    expect(s).toMatchObject({
      journeyId,
      touchpointId: afterTp.id,
      kind: 'csat',
      active: true,
      repeatIntervalDays: 90,
      followUps: [],
      questions: [{ id: 'score', type: 'rating', min: 1, max: 5, required: true }],
    });
    const listed = await api(`/api/surveys?touchpointId=${afterTp.id}`);
    expect(listed.body.map((x: { id: string }) => x.id)).toContain(s.id);
  });

  it('refuses a survey whose scale, bands or ids do not fit, naming each field', async () => {
    const cases: Array<[Record<string, unknown>, string]> = [
      [
        {
          kind: 'csat',
          questions: [
            { id: 'score', type: 'rating', text: 'How?', required: true, min: 0, max: 10 },
          ],
        },
        'body.questions.0.min',
      ],
      [
        { kind: 'nps', followUps: [{ id: 'why', minScore: 0, maxScore: 11, text: 'Why?' }] },
        'body.followUps.0.maxScore',
      ],
      [
        { kind: 'nps', followUps: [{ id: 'score', minScore: 0, maxScore: 6, text: 'Why?' }] },
        'body.followUps.0.id',
      ],
      [{ kind: 'custom' }, 'body.questions'],
      [{ kind: 'happiness' }, 'body.kind'],
      [
        {
          kind: 'custom',
          questions: [{ id: 'Bad Id', type: 'text', text: 'Hi' }],
        },
        'body.questions.0.id',
      ],
    ];
    for (const [extra, path] of cases) {
      const res = await api('/api/surveys', {
        body: { touchpointId: afterTp.id, name: 'Bad', ...extra },
      });
      expect(res.status, path).toBe(400);
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(res.body),
      ).toContain(path);
    }
  });

  it("answers 404 for another workspace's touchpoint and survey, 403 to a viewer who writes", async () => {
    const other = await srv.store.createWorkspace({ name: 'Other' });
    const key = await srv.store.createKey(other.id, 'api', 'k');
    const foreign = await call(`${srv.url}/api/surveys`, {
      auth: `Bearer ${key.secret}`,
      body: { touchpointId: afterTp.id, name: 'x', kind: 'nps' },
    });
    expect(foreign.status).toBe(404);
    const s = await createSurvey({ touchpointId: afterTp.id, name: 'Mine', kind: 'nps' });
    const peek = await call(`${srv.url}/api/surveys/${s.id}`, { auth: `Bearer ${key.secret}` });
    expect(peek.status).toBe(404);

    await createTestUser(srv, 'viewer@example.com', 'viewer');
    const viewer = await signIn(srv.url, 'viewer@example.com', TEST_PASSWORD);
    const read = await asBrowser(srv.url, viewer, srv.workspaceId, `/api/surveys/${s.id}`);
    expect(read.status).toBe(200);
    const write = await asBrowser(srv.url, viewer, srv.workspaceId, '/api/surveys', {
      method: 'POST',
      body: { touchpointId: afterTp.id, name: 'x', kind: 'nps' },
    });
    expect(write.status).toBe(403);
  });

  it('changes a survey, keeps its kind once answered, and deletes it', async () => {
    const s = await createSurvey({ touchpointId: supportTp.id, name: 'Chat', kind: 'csat' });
    const renamed = await api(`/api/surveys/${s.id}`, {
      method: 'PATCH',
      body: {
        name: 'Chat CSAT',
        followUps: [{ id: 'why', minScore: 1, maxScore: 2, text: 'Why?' }],
      },
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Chat CSAT', kind: 'csat', active: true });
    const badBand = await api(`/api/surveys/${s.id}`, {
      method: 'PATCH',
      body: { followUps: [{ id: 'why', minScore: 0, maxScore: 2, text: 'Why?' }] },
    });
    expect(badBand.status).toBe(400);
    expect(badBand.body.error.details[0].path).toBe('body.followUps.0.minScore');

    const made = await link(s.id, { userId: 'gina' });
    const token = made.body.token as string;
    expect(
      (await call(`${srv.url}/s/${token}`, { body: { answers: { score: 2, why: 'Slow' } } }))
        .status,
    ).toBe(201);
    const kind = await api(`/api/surveys/${s.id}`, {
      method: 'PATCH',
      body: {
        kind: 'nps',
        questions: [
          { id: 'score', type: 'rating', text: 'Recommend?', required: true, min: 0, max: 10 },
        ],
        followUps: [],
      },
    });
    expect(kind.status).toBe(409);
    expect(kind.body.error.details.field).toBe('kind');

    expect((await api(`/api/surveys/${s.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/surveys/${s.id}`)).status).toBe(404);
    // Its link now leads nowhere, but the answer stays on the customer's timeline.
    expect((await page(`${srv.url}/s/${token}`)).status).toBe(404);
  });
});

describe('surveys: signed links and the hosted page', () => {
  let csat: { id: string };
  beforeAll(async () => {
    csat = await createSurvey({
      touchpointId: afterTp.id,
      name: 'How did we do?',
      kind: 'csat',
      followUps: [{ id: 'what_went_wrong', minScore: 1, maxScore: 3, text: 'What went wrong?' }],
    });
  });

  it('makes a link by user id, serves an accessible form, records the answer once', async () => {
    const made = await link(csat.id, { userId: 'alice', ttl: 3600 });
    expect(made.status).toBe(201);
    expect(made.body.url).toBe(`${srv.url}/s/${made.body.token}`);
    expect(made.body.expiresAt).toBe(new Date(srv.clock.now + 3600_000).toISOString());
    expect(made.body.customerId).toBe(await customerIdOf('alice'));

    const form = await page(made.body.url);
    expect(form.status).toBe(200);
    expect(form.headers.get('content-type')).toMatch(/text\/html/);
    expect(form.headers.get('referrer-policy')).toBe('no-referrer');
    expect(form.html).toContain('<html lang="en">');
    expect(form.html).toContain('name="viewport"');
    expect(form.html).toContain('<legend>How satisfied are you?');
    expect(form.html.match(/type="radio" name="score"/g)).toHaveLength(5);
    expect(form.html).toContain('<label for="f-what_went_wrong">');

    const done = await postForm(made.body.url, [
      ['score', '2'],
      ['what_went_wrong', 'The parcel was late.'],
    ]);
    expect(done.status).toBe(201);
    expect(done.html).toContain('Thank you for your feedback!');

    const again = await postForm(made.body.url, [['score', '5']]);
    expect(again.status).toBe(409);
    expect(again.html).toContain('Already answered');
    expect((await page(made.body.url)).status).toBe(409);

    const responses = await api(`/api/surveys/${csat.id}/responses`);
    expect(responses.body.total).toBe(1);
    expect(responses.body.items[0]).toMatchObject({
      customerId: await customerIdOf('alice'),
      touchpointId: afterTp.id,
      answers: { score: 2, what_went_wrong: 'The parcel was late.' },
      score: 2,
      comment: 'The parcel was late.',
      channel: 'link',
      createdAt: new Date(srv.clock.now).toISOString(),
    });
  });

  it("records the answer as a Survey Responded event on the customer's timeline", async () => {
    const cid = await customerIdOf('alice');
    const events = await api(`/api/customers/${cid}/events`);
    const answered = events.body.find((e: { event: string }) => e.event === 'Survey Responded');
    expect(answered).toMatchObject({
      customerId: cid,
      userId: 'alice',
      text: 'The parcel was late.',
      value: 2,
      timestamp: new Date(srv.clock.now).toISOString(),
      properties: {
        survey_id: csat.id,
        touchpoint_id: afterTp.id,
        survey_kind: 'csat',
        score: 2,
        delivery: 'link',
        answers: { score: 2, what_went_wrong: 'The parcel was late.' },
      },
      // The template's post-delivery touchpoint matches Survey Responded events.
      touchpointId: afterTp.id,
    });
  });

  it('refuses a second answer sent at the same moment as the first', async () => {
    const made = await link(csat.id, { userId: 'bob' });
    const send = (score: number) =>
      call(`${srv.url}/s/${made.body.token}`, { body: { answers: { score } } });
    const results = await Promise.all([send(4), send(5)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409)!;
    expect(loser.body.error.code).toBe('already_answered');
  });

  it('shows form errors beside the question and keeps the answers', async () => {
    const made = await link(csat.id, { userId: 'carol' });
    const bad = await postForm(made.body.url, [['what_went_wrong', 'kept text']]);
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('role="alert"');
    expect(bad.html).toContain('aria-invalid="true"');
    expect(bad.html).toContain('kept text');
    const json = await call(made.body.url, { body: { answers: { score: 9 } } });
    expect(json.status).toBe(400);
    expect(json.body.error.details[0].path).toBe('body.answers.score');
  });

  it('refuses forged, tampered, malformed and expired tokens with a clear 4xx', async () => {
    const made = await link(csat.id, { userId: 'dave', ttl: 60 });
    const token = made.body.token as string;
    const [body, mac] = token.split('.') as [string, string];

    const forged = signSurveyToken(
      {
        workspaceId: srv.workspaceId,
        surveyId: csat.id,
        customerId: made.body.customerId,
        channel: 'link',
        expiresAt: Math.floor(srv.clock.now / 1000) + 3600,
        nonce: 'made-up',
      },
      'not-the-server-secret-0123456789-0123456789',
    );
    const f = await page(`${srv.url}/s/${forged}`);
    expect(f.status).toBe(403);
    expect(f.html).toContain('was not issued by this server, or was altered');

    const fields = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
    fields[5] = (fields[5] as number) + 86_400 * 365;
    const longer = `${Buffer.from(JSON.stringify(fields)).toString('base64url')}.${mac}`;
    const tampered = await call(`${srv.url}/s/${longer}`, { body: { answers: { score: 5 } } });
    expect(tampered.status).toBe(403);
    expect(tampered.body.error.code).toBe('forged_token');

    expect((await page(`${srv.url}/s/not-a-token`)).status).toBe(400);

    srv.clock.now += 61_000;
    const expired = await page(`${srv.url}/s/${token}`);
    expect(expired.status).toBe(410);
    expect(expired.html).toContain('This survey has closed');
    const late = await call(`${srv.url}/s/${token}`, { body: { answers: { score: 5 } } });
    expect(late.status).toBe(410);
    expect(late.body.error.code).toBe('expired_token');
  });

  it('answers a link made with our own secret but an unknown nonce with 404', async () => {
    const token = signSurveyToken(
      {
        workspaceId: srv.workspaceId,
        surveyId: csat.id,
        customerId: 'cus_x',
        channel: 'link',
        expiresAt: Math.floor(srv.clock.now / 1000) + 3600,
        nonce: 'never-issued',
      },
      SURVEY_SECRET,
    );
    expect((await page(`${srv.url}/s/${token}`)).status).toBe(404);
  });

  it('makes an email snippet with one pre-selecting link per score', async () => {
    const res = await api(`/api/surveys/${csat.id}/email-snippet`, {
      body: { email: 'ALICE@example.com', force: true },
    });
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('email');
    expect(res.body.scoreLinks.map((l: { url: string }) => l.url)).toEqual(
      [1, 2, 3, 4, 5].map((n) => `${res.body.url}?score=${n}`),
    );
    for (const l of res.body.scoreLinks) expect(res.body.html).toContain(`href="${l.url}"`);
    expect(res.body.text).toContain(`5: ${res.body.url}?score=5`);
    const five = await page(`${res.body.url}?score=5`);
    expect(five.html).toMatch(/value="5" aria-label="5, Very satisfied" checked/);
    // Pre-selecting records nothing: the answer counts only when submitted.
    const before = (await api(`/api/surveys/${csat.id}/responses`)).body.total;
    expect(before).toBe(2);
    await postForm(res.body.url, [['score', '5']]);
    const after = await api(`/api/surveys/${csat.id}/responses?limit=1`);
    expect(after.body.total).toBe(3);
    expect(after.body.items).toHaveLength(1);
    expect(after.body.items[0]).toMatchObject({ channel: 'email', score: 5 });
  });

  it('names the customer field when the customer is unknown or ambiguous', async () => {
    const unknown = await link(csat.id, { userId: 'nobody' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.details.field).toBe('body.userId');
    const two = await link(csat.id, { userId: 'erin', email: 'x@example.com' });
    expect(two.status).toBe(400);
    expect(two.body.error.details[0].path).toBe('body.customerId');
    const ttl = await link(csat.id, { userId: 'erin', ttl: 10 });
    expect(ttl.status).toBe(400);
    expect(ttl.body.error.details[0].path).toBe('body.ttl');
  });
});

describe('surveys: fatigue', () => {
  it('asks a customer at most once per window across surveys, and never the same survey within its interval', async () => {
    const a = await createSurvey({ touchpointId: afterTp.id, name: 'A', kind: 'csat' });
    const b = await createSurvey({
      touchpointId: supportTp.id,
      name: 'B',
      kind: 'nps',
      repeatIntervalDays: 10,
    });
    expect((await api('/api/surveys/settings')).body).toEqual({ fatigueDays: 30 });
    const asked = srv.clock.now;
    expect((await link(a.id, { userId: 'erin' })).status).toBe(201);

    srv.clock.now = asked + 5 * DAY;
    const blocked = await link(b.id, { userId: 'erin' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error).toMatchObject({
      code: 'fatigue',
      details: {
        field: 'customerId',
        eligible: false,
        reason: 'fatigue',
        lastContactAt: new Date(asked).toISOString(),
        nextEligibleAt: new Date(asked + 30 * DAY).toISOString(),
      },
    });
    const forced = await link(b.id, { userId: 'erin', force: true });
    expect(forced.status).toBe(201);

    // 31 days after the forced link: the window is over, but A's 90-day interval is not.
    srv.clock.now = asked + 36 * DAY;
    const again = await link(a.id, { userId: 'erin' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('repeat_interval');
    expect(again.body.error.details.nextEligibleAt).toBe(new Date(asked + 90 * DAY).toISOString());
    // B's 10-day interval has passed since its forced link.
    expect((await link(b.id, { userId: 'erin' })).status).toBe(201);

    // A workspace with a 0-day window keeps only the intervals.
    expect(
      (await api('/api/surveys/settings', { method: 'PUT', body: { fatigueDays: 0 } })).body,
    ).toEqual({ fatigueDays: 0 });
    srv.clock.now += DAY;
    const c = await createSurvey({ touchpointId: afterTp.id, name: 'C', kind: 'ces' });
    expect((await link(c.id, { userId: 'erin' })).status).toBe(201);
    const bad = await api('/api/surveys/settings', { method: 'PUT', body: { fatigueDays: -1 } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details[0].path).toBe('body.fatigueDays');
    await api('/api/surveys/settings', { method: 'PUT', body: { fatigueDays: 30 } });
  });

  it('refuses links and widget shows for an inactive survey', async () => {
    const s = await createSurvey({
      touchpointId: afterTp.id,
      name: 'Off',
      kind: 'csat',
      active: false,
    });
    const res = await link(s.id, { userId: 'frank' });
    expect(res.status).toBe(409);
    const shown = await call(`${srv.url}/v1/surveys/${s.id}/eligibility?userId=frank`, {
      auth: basic(srv.writeKey),
    });
    expect(shown.body).toEqual({ eligible: false, reason: 'inactive' });
  });
});

describe('surveys: the widget endpoints', () => {
  let widgetSurvey: { id: string };
  beforeAll(async () => {
    widgetSurvey = await createSurvey({
      touchpointId: supportTp.id,
      name: 'Quick question',
      kind: 'nps',
      followUps: [{ id: 'why', minScore: 0, maxScore: 6, text: 'What went wrong?' }],
    });
  });

  it('shows a new visitor the survey, records the answer with the token, then rests', async () => {
    const url = `${srv.url}/v1/surveys/${widgetSurvey.id}/eligibility?anonymousId=anon-new-visitor`;
    const first = await call(url, {
      auth: basic(srv.writeKey),
      headers: { origin: 'https://shop.example.com' },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      eligible: true,
      expiresAt: new Date(srv.clock.now + DAY).toISOString(),
      survey: { id: widgetSurvey.id, name: 'Quick question', kind: 'nps' },
    });
    expect(first.body.survey.touchpointId).toBeUndefined();

    const answer = await call(`${srv.url}/v1/surveys/${widgetSurvey.id}/responses`, {
      auth: basic(srv.writeKey),
      body: { token: first.body.token, answers: { score: 3, why: 'Took too long' } },
    });
    expect(answer.status).toBe(201);
    expect(answer.body.thankYou).toBe('Thank you for your feedback!');
    const twice = await call(`${srv.url}/v1/surveys/${widgetSurvey.id}/responses`, {
      auth: basic(srv.writeKey),
      body: { token: first.body.token, answers: { score: 10 } },
    });
    expect(twice.status).toBe(409);

    const next = await call(url, { auth: basic(srv.writeKey) });
    // Asked within both the workspace window and the survey's interval: the longer one shows.
    expect(next.body).toMatchObject({
      eligible: false,
      reason: 'repeat_interval',
      nextEligibleAt: new Date(srv.clock.now + 90 * DAY).toISOString(),
    });

    // The visitor became a customer with the shown and answered events on their timeline.
    const found = await api('/api/customers?search=anon-new-visitor');
    const events = await api(`/api/customers/${found.body.items[0].id}/events`);
    expect(events.body.map((e: { event: string }) => e.event).sort()).toEqual([
      'Survey Responded',
      'Survey Shown',
    ]);
    const responded = events.body.find((e: { event: string }) => e.event === 'Survey Responded');
    expect(responded).toMatchObject({
      anonymousId: 'anon-new-visitor',
      text: 'Took too long',
      value: 3,
      properties: { delivery: 'widget', survey_id: widgetSurvey.id },
    });
  });

  it('answers CORS for a page on another origin', async () => {
    const res = await fetch(
      `${srv.url}/v1/surveys/${widgetSurvey.id}/eligibility?userId=cors-visitor`,
      {
        headers: { authorization: basic(srv.writeKey), origin: 'https://shop.example.com' },
      },
    );
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const pre = await fetch(`${srv.url}/v1/surveys/${widgetSurvey.id}/responses`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example.com',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-headers')).toContain('authorization');
  });

  it('needs a write key of the workspace, a visitor id, and a token of this survey', async () => {
    const base = `${srv.url}/v1/surveys/${widgetSurvey.id}`;
    expect((await call(`${base}/eligibility?anonymousId=x`)).status).toBe(401);
    const other = await srv.store.createWorkspace({ name: 'Elsewhere' });
    const key = await srv.store.createKey(other.id, 'write', 'site');
    expect(
      (await call(`${base}/eligibility?anonymousId=x`, { auth: basic(key.secret) })).status,
    ).toBe(404);
    const noVisitor = await call(`${base}/eligibility`, { auth: basic(srv.writeKey) });
    expect(noVisitor.status).toBe(400);
    expect(noVisitor.body.error.details[0].path).toBe('query.anonymousId');

    const shown = await call(`${base}/eligibility?userId=frank`, { auth: basic(srv.writeKey) });
    expect(shown.body.eligible, JSON.stringify(shown.body)).toBe(true);
    const elsewhere = await call(`${srv.url}/v1/surveys/srv_other/responses`, {
      auth: basic(srv.writeKey),
      body: { token: shown.body.token, answers: { score: 9 } },
    });
    expect(elsewhere.status).toBe(404);
    const fromOther = await call(`${base}/responses`, {
      auth: basic(key.secret),
      body: { token: shown.body.token, answers: { score: 9 } },
    });
    expect(fromOther.status).toBe(404);
    const badScore = await call(`${base}/responses`, {
      auth: basic(srv.writeKey),
      body: { token: shown.body.token, answers: { score: 11 } },
    });
    expect(badScore.status).toBe(400);
    expect(badScore.body.error.details[0].path).toBe('body.answers.score');
  });

  it('serves the widget script', async () => {
    const res = await fetch(`${srv.url}/widget.js`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/javascript/);
    const js = await res.text();
    expect(js).toContain('data-write-key');
    expect(js).toContain('attachShadow');
  });
});

describe('surveys: rate limits', () => {
  let limited: SurveyTestServer;
  beforeAll(async () => {
    limited = await startSurveyServer({
      limits: {
        perIp: { capacity: 5, refillPerSecond: 5 / 60 },
        perToken: { capacity: 2, refillPerSecond: 1 / 30 },
        perKey: { capacity: 3, refillPerSecond: 1 },
      },
    });
  });
  afterAll(async () => {
    await limited?.close();
  });

  it('limits an address, answering 429 with Retry-After until the bucket refills', async () => {
    const statuses: number[] = [];
    // Distinct tokens, so that only the per-address bucket can run out.
    for (let i = 0; i < 5; i++) statuses.push((await page(`${limited.url}/s/t${i}`)).status);
    expect(statuses).toEqual([400, 400, 400, 400, 400]);
    const sixth = await page(`${limited.url}/s/t5`);
    expect(sixth.status).toBe(429);
    expect(sixth.headers.get('retry-after')).toBe('12');
    expect(sixth.html).toContain('Please wait a moment');
    const json = await fetch(`${limited.url}/v1/surveys/srv_x/eligibility?userId=u`);
    expect(json.status).toBe(429);
    expect(json.headers.get('retry-after')).toBe('12');
    expect(((await json.json()) as { error: { code: string } }).error.code).toBe('rate_limited');

    limited.clock.now += 12_000;
    expect((await page(`${limited.url}/s/t6`)).status).toBe(400);
    expect((await page(`${limited.url}/s/t7`)).status).toBe(429);
    limited.clock.now += 60_000;
  });

  it('limits one token and one write key on their own', async () => {
    const tries: number[] = [];
    for (let i = 0; i < 3; i++) tries.push((await page(`${limited.url}/s/same`)).status);
    expect(tries).toEqual([400, 400, 429]);
    limited.clock.now += 60_000;
    const keyTries: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await call(`${limited.url}/v1/surveys/srv_x/eligibility?userId=u`, {
        auth: basic(limited.writeKey),
      });
      keyTries.push(res.status);
    }
    // Unknown survey: 404 while the key's bucket lasts, then 429.
    expect(keyTries).toEqual([404, 404, 404, 429]);
  });
});

describe('surveys: configuration', () => {
  it('validates the survey options and keeps a made-up signing secret in the data directory', () => {
    expect(() => loadConfig({ surveySecret: 'short' }, {})).toThrow(
      /--survey-secret \/ WAYMARK_SURVEY_SECRET/,
    );
    expect(() => loadConfig({}, { WAYMARK_PUBLIC_URL: 'ftp://x' })).toThrow(/--public-url/);
    const c = loadConfig({}, { WAYMARK_PUBLIC_URL: 'https://feedback.example.com/' });
    expect(c.publicUrl).toBe('https://feedback.example.com');
    expect(c.surveyRateLimit).toBe(60);
    expect(loadConfig({ surveyRateLimit: '120' }, {}).surveyRateLimit).toBe(120);

    const dir = tempDir('waymark-secret-');
    try {
      const made = loadKeptSecret(dir, 'survey-secret');
      expect(made.length).toBeGreaterThanOrEqual(32);
      expect(statSync(keptSecretPath(dir, 'survey-secret')).mode & 0o777).toBe(0o600);
      expect(loadKeptSecret(dir, 'survey-secret')).toBe(made);
      expect(loadKeptSecret(dir, 'survey-secret', 'configured-secret-0123456789-0123456789')).toBe(
        'configured-secret-0123456789-0123456789',
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
