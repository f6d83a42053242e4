import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let other: { apiKey: string };
beforeAll(async () => {
  srv = await startTestServer();
  const ws = await srv.store.createWorkspace({ name: 'Elsewhere' });
  other = { apiKey: (await srv.store.createKey(ws.id, 'api', 'test')).secret };
});
afterAll(async () => {
  await srv?.close();
});

const api = (path: string, init: { method?: string; body?: unknown; key?: string } = {}) =>
  call(`${srv.url}${path}`, { auth: `Bearer ${init.key ?? srv.apiKey}`, ...init });

describe('journey files', () => {
  it('exports a journey as JSON and imports it into another workspace as an equal journey', async () => {
    const persona = await api('/api/personas', {
      body: {
        name: 'Bargain hunter',
        segment: { match: 'all', conditions: [{ trait: 'plan', op: 'eq', value: 'free' }] },
      },
    });
    const created = await api('/api/journeys/from-template', {
      body: { template: 'ecommerce-retail', name: 'Retail' },
    });
    const id = created.body.id;
    await api(`/api/journeys/${id}`, {
      method: 'PATCH',
      body: {
        personaIds: [persona.body.id],
        settings: { conversionWindowDays: 9, inactivityDays: 5 },
      },
    });
    const map = await api(`/api/journeys/${id}`);
    const firstTp = map.body.touchpoints[0];
    await api(`/api/touchpoints/${firstTp.id}`, {
      method: 'PATCH',
      body: {
        keys: { relevance: 5, usefulness: 4, simplicity: 2, attractiveness: 3 },
        kpis: [{ metric: 'dropOffRate', op: 'lte', value: 0.2 }],
        matchRules: [{ path: '/sale*', properties: [{ key: 'amount', op: 'gt', value: 10 }] }],
      },
    });

    const exported = await api(`/api/journeys/${id}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({ format: 'waymark.journey', version: 1 });
    expect(exported.body.personas).toEqual([
      expect.objectContaining({ name: 'Bargain hunter', segment: persona.body.segment }),
    ]);

    const imported = await api('/api/journeys/import', { body: exported.body, key: other.apiKey });
    expect(imported.status).toBe(201);
    expect(imported.body.personas).toEqual([
      expect.objectContaining({ name: 'Bargain hunter', created: true }),
    ]);
    const copy = await api(`/api/journeys/${imported.body.journey.id}`, { key: other.apiKey });
    const original = await api(`/api/journeys/${id}`);
    // Everything but ids, timestamps and the persona ids (new in the other workspace) is equal.
    const shape = (m: typeof original.body) => ({
      name: m.name,
      description: m.description,
      goal: m.goal,
      settings: m.settings,
      stages: m.stages.map((s: { id: string; name: string; lanes: unknown }) => ({
        name: s.name,
        lanes: s.lanes,
        touchpoints: m.touchpoints
          .filter((t: { stageId: string }) => t.stageId === s.id)
          .map(
            ({
              id: _i,
              stageId: _s,
              journeyId: _j,
              createdAt: _c,
              updatedAt: _u,
              ...t
            }: Record<string, unknown>) => t,
          ),
      })),
    });
    expect(shape(copy.body)).toEqual(shape(original.body));
    expect(copy.body.stages.length).toBeGreaterThan(3);

    // A second import reuses the persona of the same name instead of creating another.
    const again = await api('/api/journeys/import', {
      body: { ...exported.body, name: 'Retail (2)' },
      key: other.apiKey,
    });
    expect(again.body.journey.name).toBe('Retail (2)');
    expect(again.body.personas).toEqual([
      { id: imported.body.personas[0].id, name: 'Bargain hunter', created: false },
    ]);
  });

  it('refuses a file that is not a journey file, or a bad touchpoint, naming the field and creating nothing', async () => {
    const before = (await api('/api/journeys')).body.length;
    const personasBefore = (await api('/api/personas')).body.length;
    const notAFile = await api('/api/journeys/import', { body: { format: 'other', stages: [] } });
    expect(notAFile.status).toBe(400);
    const paths = notAFile.body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toContain('body.format');

    const exported = await api(`/api/journeys/${(await api('/api/journeys')).body[0].id}/export`);
    const broken = structuredClone(exported.body);
    broken.personas = [{ name: 'Never created' }];
    broken.stages[1].touchpoints[0].channel = 'carrier pigeon';
    const bad = await api('/api/journeys/import', { body: broken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toContain(
      'body.stages.1.touchpoints.0.channel',
    );
    expect((await api('/api/journeys')).body.length).toBe(before);
    expect((await api('/api/personas')).body.length).toBe(personasBefore);
  });

  it('answers 404 for a journey of another workspace', async () => {
    const mine = (await api('/api/journeys')).body[0].id;
    const res = await api(`/api/journeys/${mine}/export`, { key: other.apiKey });
    expect(res.status).toBe(404);
  });
});
