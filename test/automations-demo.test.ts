import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/automation/clock.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemo } from '../src/ingest/seed-demo.ts';
import { type RunningServer, startServer } from '../src/server/start.ts';
import { basic, call, tempDir } from './helpers/server.ts';

/** The demo workspace's automations, on a small demo history, driven by a manual clock. */
let srv: RunningServer;
let dataDir: string;
let demo: Awaited<ReturnType<typeof seedDemo>>;
const clock = new ManualClock(new Date());

beforeAll(async () => {
  dataDir = tempDir('waymark-automations-demo-');
  const config = loadConfig(
    { port: '0', dataDir, demo: 'false', logLevel: 'silent', automationTickMs: '0' },
    {},
  );
  srv = await startServer(config, () => undefined, { clock });
  demo = await seedDemo(srv.store, { customers: 60 });
});

afterAll(async () => {
  await srv?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const api = (path: string, body?: unknown) =>
  call(`${srv.url}${path}`, { auth: `Bearer ${demo.apiKey.secret}`, body });

describe('demo automations', () => {
  it('seeds a thank-you email, a detractor follow-up and a support webhook that react only to new events', async () => {
    const list = (await api('/api/automations')).body as Array<{
      id: string;
      name: string;
      enabled: boolean;
      trigger: { type: string; surveyId?: string };
    }>;
    expect(list.map((a) => [a.name, a.enabled])).toEqual([
      ['Thank-you email after purchase', true],
      ['Detractor follow-up', true],
      ['Support chat to helpdesk', false],
    ]);
    // The synthetic history started nothing.
    await srv.automations.tick();
    for (const a of list) expect((await api(`/api/automations/${a.id}/runs`)).body.total).toBe(0);

    const write = basic(demo.writeKey.secret);
    const surveyId = list[1]!.trigger.surveyId;
    const sent = await call(`${srv.url}/v1/batch`, {
      auth: write,
      body: {
        batch: [
          {
            type: 'identify',
            userId: 'demo-new',
            traits: { email: 'new@example.com', firstName: 'Nia', name: 'Nia Park' },
          },
          {
            type: 'page',
            userId: 'demo-new',
            name: 'Order confirmation',
            properties: { path: '/order-confirmation/o-1' },
          },
          {
            type: 'track',
            userId: 'demo-new',
            event: 'Survey Responded',
            properties: { survey_id: surveyId, survey_kind: 'csat', score: 1 },
          },
        ],
      },
    });
    expect(sent.status).toBe(200);
    await srv.store.eventsSettled();
    await srv.automations.tick();
    const [thanks, detractor] = list;
    const thankRuns = (await api(`/api/automations/${thanks!.id}/runs`)).body.items;
    expect(thankRuns).toHaveLength(1);
    const run = (await api(`/api/automation-runs/${thankRuns[0].id}`)).body;
    expect(run.steps[0]).toMatchObject({ type: 'wait', status: 'pending' });
    const followUps = (await api(`/api/automations/${detractor!.id}/runs`)).body.items;
    expect(followUps).toHaveLength(1);
    const tasks = (await api('/api/tasks')).body as Array<{ title: string; source: string }>;
    expect(tasks.filter((t) => t.source === 'automation').map((t) => t.title)).toEqual([
      'Call back Nia Park (CSAT 1)',
    ]);
  });
});
