import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreGroups } from '../src/core/surveys/score-groups.ts';
import { seedDemo } from '../src/ingest/seed-demo.ts';
import { DuckDbStore } from '../src/store/engines/duckdb/store.ts';
import { tempDir } from './helpers/server.ts';

let store: DuckDbStore;
let dir: string;
let seeded: Awaited<ReturnType<typeof seedDemo>>;
const NOW = Date.UTC(2025, 5, 1);

beforeAll(async () => {
  dir = tempDir('waymark-demo-surveys-');
  store = await DuckDbStore.open(path.join(dir, 'waymark.duckdb'));
  seeded = await seedDemo(store, { now: NOW, customers: 600 });
});
afterAll(async () => {
  await store?.close();
  const { rmSync } = await import('node:fs');
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo workspace surveys', () => {
  it('has surveys at its after-purchase and service touchpoints, with answers and comments', async () => {
    const ws = seeded.workspace.id;
    const surveys = await store.listSurveys(ws, {});
    const touchpoints = await store.listTouchpoints(ws, seeded.journeyId);
    const phaseOf = (id: string) => touchpoints.find((t) => t.id === id)!.phase;
    expect(surveys.map((s) => [s.name, s.kind, phaseOf(s.touchpointId)])).toEqual([
      ['Was checkout easy?', 'ces', 'after'],
      ['How did we do?', 'csat', 'after'],
      ['How was your chat?', 'csat', 'service'],
      ['Would you recommend us?', 'nps', 'service'],
    ]);
    for (const s of surveys) {
      const page = await store.listSurveyResponses(ws, s.id, { limit: 500 });
      expect(page.total, s.name).toBeGreaterThan(0);
      if (s.kind !== 'ces')
        expect(
          page.items.some((r) => r.comment),
          s.name,
        ).toBe(true);
    }
  });

  it('scores every surveyed touchpoint, response rate included', async () => {
    const ws = seeded.workspace.id;
    const counts = await store.surveyScoreCounts(ws, {
      from: new Date(NOW - 200 * 86_400_000),
      to: new Date(NOW),
      groupBy: 'touchpoint',
      journeyId: seeded.journeyId,
    });
    const groups = scoreGroups(counts!.groups, counts!.counts, counts!.invitations);
    expect(groups).toHaveLength(4);
    for (const g of groups) {
      expect(g.responses).toBeGreaterThan(0);
      expect(g.responseRate.rate).toBeGreaterThan(0);
      expect(g.responseRate.rate).toBeLessThan(100);
    }
    expect(groups[1]!.csat.csat).not.toBeNull();
    expect(groups[3]!.nps.nps).not.toBeNull();
  });

  it("puts each answer on the customer's timeline at the touchpoint it names", async () => {
    const ws = seeded.workspace.id;
    const [survey] = (await store.listSurveys(ws, {})).filter((s) => s.kind === 'nps');
    const { items } = await store.listSurveyResponses(ws, survey!.id, { limit: 1 });
    const events = await store.listEvents(ws, { customerId: items[0]!.customerId, limit: 500 });
    const answered = events.find(
      (e) => e.event === 'Survey Responded' && e.properties.response_id === items[0]!.id,
    );
    expect(answered).toMatchObject({
      touchpointId: survey!.touchpointId,
      value: items[0]!.score,
      properties: { survey_id: survey!.id, score: items[0]!.score },
    });
  });
});
