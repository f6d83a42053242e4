import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basic, call } from './helpers/server.ts';
import { type SurveyTestServer, startSurveyServer } from './helpers/survey-server.ts';

/**
 * Survey scores per group, through the API, on answers placed in known weeks by moving the
 * server's clock. Every expected figure is computed here by hand or by the textbook formula,
 * independently of src/core/survey-scores.
 */

const Z = 1.959963984540054;
/** Wilson score interval in percent. */
function wilson(x: number, n: number) {
  const p = x / n;
  const centre = (p + (Z * Z) / (2 * n)) / (1 + (Z * Z) / n);
  const half = (Z * Math.sqrt((p * (1 - p)) / n + (Z * Z) / (4 * n * n))) / (1 + (Z * Z) / n);
  return { low: 100 * Math.max(0, centre - half), high: 100 * Math.min(1, centre + half) };
}
/** Adjusted-Wald NPS interval (Rocks 2016) in points. */
function npsInterval(promoters: number, detractors: number, n: number) {
  const m = n + 3;
  const p = (promoters + 0.75) / m;
  const d = (detractors + 0.75) / m;
  const half = Z * Math.sqrt((p + d - (p - d) ** 2) / m);
  return {
    low: Math.max(-100, 100 * (p - d - half)),
    high: Math.min(100, 100 * (p - d + half)),
  };
}
/** t(0.975, 2), from published tables. */
const T_975_2 = 4.302652729911275;

let srv: SurveyTestServer;
let journeyId: string;
const tp: Record<'after' | 'chat' | 'email', string> = { after: '', chat: '', email: '' };
const stage: Record<'receive' | 'help', string> = { receive: '', help: '' };
const survey: Record<'csat' | 'nps' | 'ces', string> = { csat: '', nps: '', ces: '' };
let gold: string;
let basicPersona: string;

function api(path: string, init: { method?: string; body?: unknown } = {}) {
  return call(`${srv.url}${path}`, { auth: `Bearer ${srv.apiKey}`, ...init });
}

/** Invites a customer at a time and, when a score is given, answers at the same time. */
async function ask(kind: keyof typeof survey, userId: string, at: string, score?: number) {
  srv.clock.now = Date.parse(at);
  const made = await api(`/api/surveys/${survey[kind]}/links`, { body: { userId } });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  if (score === undefined) return;
  const res = await call(made.body.url, { body: { answers: { score } } });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
}

const W0 = '2025-05-28T10:00:00Z'; // week of Monday 2025-05-26, May
const W1 = '2025-06-03T10:00:00Z'; // week of Monday 2025-06-02
const W2 = '2025-06-10T10:00:00Z'; // week of Monday 2025-06-09

beforeAll(async () => {
  srv = await startSurveyServer();
  const j = await api('/api/journeys/from-template', { body: { template: 'ecommerce-retail' } });
  journeyId = j.body.id;
  const full = (await api(`/api/journeys/${journeyId}`)).body as {
    stages: Array<{ id: string; name: string }>;
    touchpoints: Array<{ id: string; name: string }>;
  };
  tp.after = full.touchpoints.find((t) => t.name === 'Post-delivery survey')!.id;
  tp.chat = full.touchpoints.find((t) => t.name === 'Support chat')!.id;
  tp.email = full.touchpoints.find((t) => t.name === 'Support email')!.id;
  stage.receive = full.stages.find((s) => s.name === 'Receive')!.id;
  stage.help = full.stages.find((s) => s.name === 'Get help')!.id;

  gold = (
    await api('/api/personas', {
      body: { name: 'Gold', segment: { conditions: [{ trait: 'tier', op: 'eq', value: 'gold' }] } },
    })
  ).body.id;
  basicPersona = (
    await api('/api/personas', {
      body: {
        name: 'Basic',
        segment: { conditions: [{ trait: 'tier', op: 'eq', value: 'basic' }] },
      },
    })
  ).body.id;
  const batch = ['u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map((userId, i) => ({
    type: 'identify',
    userId,
    traits: { tier: i < 3 ? 'gold' : 'basic' },
  }));
  await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } });

  // No fatigue and no repeat interval, so that one customer can answer each week.
  await api('/api/surveys/settings', { method: 'PUT', body: { fatigueDays: 0 } });
  const make = async (kind: 'csat' | 'nps' | 'ces', touchpointId: string) =>
    (
      await api('/api/surveys', {
        body: { touchpointId, name: kind, kind, repeatIntervalDays: 0 },
      })
    ).body.id as string;
  survey.csat = await make('csat', tp.after);
  survey.nps = await make('nps', tp.chat);
  survey.ces = await make('ces', tp.email);

  await ask('nps', 'u3', W0, 8);
  await ask('csat', 'u1', W1, 5);
  await ask('csat', 'u2', W1, 4);
  await ask('csat', 'u4', W1, 2);
  await ask('nps', 'u1', W1, 10);
  await ask('nps', 'u4', W1, 6);
  await ask('csat', 'u3', W2, 5);
  await ask('csat', 'u5', W2, 3);
  await ask('csat', 'u6', W2); // invited, never answered
  await ask('nps', 'u2', W2, 9);
  await ask('nps', 'u5', W2, 7);
  await ask('nps', 'u6', W2, 0);
  await ask('ces', 'u1', W2, 7);
  await ask('ces', 'u4', W2, 4);
  await ask('ces', 'u5', W2, 5);
  await ask('ces', 'u2', W2); // invited, never answered
});
afterAll(async () => {
  await srv?.close();
});

interface Group {
  key: string;
  label: string;
  responses: number;
  csat: { responses: number; satisfied: number; csat: number | null; ci95: unknown };
  nps: {
    responses: number;
    promoters: number;
    detractors: number;
    nps: number | null;
    ci95: unknown;
  };
  ces: {
    responses: number;
    mean: number | null;
    sd: number | null;
    meanCi95: { low: number; high: number } | null;
    agreePct: number | null;
    agreeCi95: unknown;
  };
  responseRate: { invited: number; responses: number; rate: number | null; ci95: unknown };
}

async function scores(query: string): Promise<Group[]> {
  const res = await api(
    `/api/surveys/scores?from=2025-05-01T00:00:00Z&to=2025-07-01T00:00:00Z&${query}`,
  );
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.groups;
}

const close = (
  actual: { low: number; high: number } | unknown,
  expected: { low: number; high: number },
) => {
  const a = actual as { low: number; high: number };
  // 1e-6 percent points: the library's normal quantile is an approximation good to ~1e-9.
  expect(a.low).toBeCloseTo(expected.low, 6);
  expect(a.high).toBeCloseTo(expected.high, 6);
};

describe('survey scores', () => {
  it('scores each surveyed touchpoint in map order', async () => {
    const groups = await scores(`groupBy=touchpoint&journeyId=${journeyId}`);
    expect(groups.map((g) => g.key)).toEqual([tp.after, tp.chat, tp.email]);
    const [after, chat, email] = groups as [Group, Group, Group];

    // CSAT ratings 5, 4, 2, 5, 3: three of five satisfied.
    expect(after.responses).toBe(5);
    expect(after.csat).toMatchObject({ responses: 5, satisfied: 3, csat: 60 });
    close(after.csat.ci95, wilson(3, 5));
    expect(after.nps).toMatchObject({ responses: 0, nps: null, ci95: null });
    // Six invitations (u6 never answered), five answered.
    expect(after.responseRate).toMatchObject({ invited: 6, responses: 5 });
    expect(after.responseRate.rate).toBeCloseTo((100 * 5) / 6, 10);
    close(after.responseRate.ci95, wilson(5, 6));

    // NPS 8, 10, 6, 9, 7, 0: promoters 10 and 9, detractors 6 and 0, passives 8 and 7.
    expect(chat.nps).toMatchObject({ responses: 6, promoters: 2, detractors: 2, nps: 0 });
    close(chat.nps.ci95, npsInterval(2, 2, 6));
    expect(chat.responseRate).toMatchObject({ invited: 6, responses: 6, rate: 100 });

    // CES 7, 4, 5: mean 16/3, s = sqrt(((7-m)² + (4-m)² + (5-m)²) / 2), two of three ≥ 5.
    const m = 16 / 3;
    const s = Math.sqrt(((7 - m) ** 2 + (4 - m) ** 2 + (5 - m) ** 2) / 2);
    expect(email.ces.mean).toBeCloseTo(m, 12);
    expect(email.ces.sd).toBeCloseTo(s, 12);
    expect(email.ces.meanCi95!.low).toBeCloseTo(Math.max(1, m - (T_975_2 * s) / Math.sqrt(3)), 6);
    expect(email.ces.meanCi95!.high).toBe(7); // m + 3.79 is clipped to the scale
    expect(email.ces.agreePct).toBeCloseTo(200 / 3, 10);
    close(email.ces.agreeCi95, wilson(2, 3));
    expect(email.responseRate).toMatchObject({ invited: 4, responses: 3, rate: 75 });
  });

  it('scores stages, adding up their touchpoints', async () => {
    const groups = await scores(`groupBy=stage&journeyId=${journeyId}`);
    expect(groups.map((g) => [g.key, g.label])).toEqual([
      [stage.receive, 'Receive'],
      [stage.help, 'Get help'],
    ]);
    const help = groups[1]!;
    expect(help.responses).toBe(9);
    expect(help.nps.nps).toBe(0);
    expect(help.ces.responses).toBe(3);
    expect(help.responseRate).toMatchObject({ invited: 10, responses: 9, rate: 90 });
  });

  it('scores personas by their customers, and filters by persona', async () => {
    const groups = await scores('groupBy=persona');
    expect(groups.map((g) => g.label)).toEqual(['Gold', 'Basic']);
    const [g, b] = groups as [Group, Group];
    // Gold: u1, u2, u3. CSAT 5, 4, 5; NPS 10, 9, 8; CES 7 (u2 never answered).
    expect(g.csat).toMatchObject({ responses: 3, satisfied: 3, csat: 100 });
    expect(g.nps).toMatchObject({ responses: 3, promoters: 2, detractors: 0 });
    expect(g.nps.nps).toBeCloseTo(200 / 3, 10);
    expect(g.ces).toMatchObject({ responses: 1, mean: 7, sd: null, meanCi95: null, agreePct: 100 });
    expect(g.responseRate).toMatchObject({ invited: 8, responses: 7 });
    // Basic: u4, u5, u6. CSAT 2, 3 (u6 never answered); NPS 6, 7, 0; CES 4, 5.
    expect(b.csat).toMatchObject({ responses: 2, satisfied: 0, csat: 0 });
    close(b.csat.ci95, wilson(0, 2));
    expect(b.nps.nps).toBeCloseTo(-200 / 3, 10);
    expect(b.ces).toMatchObject({ responses: 2, mean: 4.5, agreePct: 50 });
    expect(b.responseRate).toMatchObject({ invited: 8, responses: 7 });

    const goldTouchpoints = await scores(`groupBy=touchpoint&personaId=${gold}`);
    expect(goldTouchpoints.map((x) => x.responses)).toEqual([3, 3, 1]);
    const onlyBasic = await scores(`groupBy=persona&personaId=${basicPersona}`);
    expect(onlyBasic.map((x) => x.label)).toEqual(['Basic']);
  });

  it('scores ISO weeks and months by when the answer (or invitation) was made', async () => {
    const weeks = await scores('groupBy=week');
    expect(weeks.map((w) => w.key)).toEqual(['2025-05-26', '2025-06-02', '2025-06-09']);
    const [w0, w1, w2] = weeks as [Group, Group, Group];
    expect(w0.responses).toBe(1);
    expect(w0.nps).toMatchObject({ responses: 1, promoters: 0, detractors: 0, nps: 0 });
    expect(w1.csat.csat).toBeCloseTo(200 / 3, 10);
    expect(w1.nps.nps).toBe(0);
    expect(w1.responseRate).toMatchObject({ invited: 5, responses: 5 });
    expect(w2.responses).toBe(8);
    expect(w2.csat).toMatchObject({ responses: 2, satisfied: 1, csat: 50 });
    expect(w2.responseRate).toMatchObject({ invited: 10, responses: 8, rate: 80 });

    const months = await scores('groupBy=month');
    expect(months.map((x) => [x.key, x.responses])).toEqual([
      ['2025-05', 1],
      ['2025-06', 13],
    ]);
    // A range that leaves May out.
    const june = await api(
      '/api/surveys/scores?groupBy=month&from=2025-06-01T00:00:00Z&to=2025-07-01T00:00:00Z',
    );
    expect(june.body.groups.map((x: Group) => x.key)).toEqual(['2025-06']);
  });

  it('filters by survey, and names what it cannot find', async () => {
    const one = await scores(`groupBy=touchpoint&surveyId=${survey.ces}`);
    expect(one.map((x) => x.key)).toEqual([tp.email]);
    expect((await api('/api/surveys/scores?journeyId=jny_nope')).status).toBe(404);
    expect((await api('/api/surveys/scores?personaId=per_nope&groupBy=persona')).status).toBe(404);
    const backwards = await api(
      '/api/surveys/scores?from=2025-07-01T00:00:00Z&to=2025-06-01T00:00:00Z',
    );
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].path).toBe('query.from');
    const badGroup = await api('/api/surveys/scores?groupBy=galaxy');
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.error.details[0].path).toBe('query.groupBy');
  });
});
