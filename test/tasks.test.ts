import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../src/core/accounts/password.ts';
import { basic, call, startTestServer, type TestServer } from './helpers/server.ts';

let srv: TestServer;
let journeyId: string;
let touchpoints: Array<{ id: string; name: string; matchRules: unknown[] }>;
let memberId: string;
beforeAll(async () => {
  srv = await startTestServer();
  const j = await api('/api/journeys/from-template', { body: { template: 'ecommerce-retail' } });
  journeyId = j.body.id;
  touchpoints = (await api(`/api/journeys/${journeyId}`)).body.touchpoints;
  const user = await srv.store.createUser(
    { email: 'ann@example.com', name: 'Ann', passwordHash: await hashPassword('0123456789ab') },
    { workspaceId: srv.workspaceId, role: 'editor' },
  );
  memberId = user.id;
});
afterAll(async () => {
  await srv?.close();
});

function api(path: string, init: { method?: string; body?: unknown; auth?: string } = {}) {
  return call(`${srv.url}${path}`, { auth: `Bearer ${srv.apiKey}`, ...init });
}

describe('tasks on touchpoints', () => {
  it('creates, lists and filters tasks by journey, owner, status and overdue', async () => {
    const [a, b] = touchpoints;
    const late = await api('/api/tasks', {
      body: { touchpointId: a!.id, title: 'Fix the ad', ownerId: memberId, dueDate: '2020-01-01' },
    });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({
      journeyId,
      status: 'todo',
      overdue: true,
      completedAt: null,
      source: 'manual',
    });
    await api('/api/tasks', {
      body: { touchpointId: b!.id, title: 'Later', dueDate: '2999-01-01', status: 'doing' },
    });
    const mine = await api(`/api/tasks?ownerId=${memberId}`);
    expect(mine.body.map((t: { title: string }) => t.title)).toEqual(['Fix the ad']);
    const overdue = await api('/api/tasks?overdue=true');
    expect(overdue.body.map((t: { title: string }) => t.title)).toEqual(['Fix the ad']);
    const doing = await api(`/api/tasks?journeyId=${journeyId}&status=doing`);
    expect(doing.body.map((t: { title: string }) => t.title)).toEqual(['Later']);
  });

  it('refuses an owner who is not a member, a bad date and a touchpoint of another workspace', async () => {
    const tp = touchpoints[0]!.id;
    const stranger = await api('/api/tasks', {
      body: { touchpointId: tp, title: 'x', ownerId: 'usr_nobody' },
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body.error.details[0].path).toBe('body.ownerId');
    const badDate = await api('/api/tasks', {
      body: { touchpointId: tp, title: 'x', dueDate: '2025-02-30' },
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.details[0].path).toBe('body.dueDate');
    const other = await srv.store.createWorkspace({ name: 'Other' });
    const key = await srv.store.createKey(other.id, 'api', 'k');
    const foreign = await call(`${srv.url}/api/tasks`, {
      auth: `Bearer ${key.secret}`,
      body: { touchpointId: tp, title: 'x' },
    });
    expect(foreign.status).toBe(404);
    const mineFromThere = await call(`${srv.url}/api/tasks`, { auth: `Bearer ${key.secret}` });
    expect(mineFromThere.body).toEqual([]);
  });

  it("turns a catalog touchpoint's starter checklist into a task", async () => {
    const tp = touchpoints.find((t) => /checkout/i.test(t.name)) ?? touchpoints[0]!;
    const res = await api(`/api/touchpoints/${tp.id}/tasks/from-catalog`, { body: {} });
    expect(res.status).toBe(201);
    expect(res.body.source).toBe('catalog');
    expect(res.body.title).toMatch(/^Starter checklist: /);
    expect(res.body.checklist.length).toBeGreaterThanOrEqual(3);
    expect(res.body.checklist.every((c: { done: boolean }) => !c.done)).toBe(true);
    const unknown = await api(`/api/touchpoints/${tp.id}/tasks/from-catalog`, {
      body: { catalogKey: 'no-such-entry' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toBe('body.catalogKey');
  });

  it('records completion, clears it on reopening, and measures the touchpoint before and after', async () => {
    const tp = touchpoints.find((t) => JSON.stringify(t.matchRules).includes('Product Viewed'));
    expect(tp).toBeDefined();
    const task = await api('/api/tasks', {
      body: { touchpointId: tp!.id, title: 'Better photos' },
    });
    const notYet = await api(`/api/tasks/${task.body.id}/impact`);
    expect(notYet.status).toBe(409);

    const batch = Array.from({ length: 12 }, (_, i) => ({
      type: 'track',
      userId: `imp-${i % 4}`,
      event: 'Product Viewed',
      timestamp: new Date(Date.now() - (5 + i) * 86_400_000).toISOString(),
    }));
    await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } });

    const done = await api(`/api/tasks/${task.body.id}`, {
      method: 'PATCH',
      body: { status: 'done', checklist: [{ text: 'Shoot photos', done: true }] },
    });
    expect(done.body.completedAt).not.toBeNull();
    const impact = await api(`/api/tasks/${task.body.id}/impact`);
    expect(impact.status).toBe(200);
    expect(impact.body.after.complete).toBe(false);
    const volume = impact.body.changes.find((c: { metric: string }) => c.metric === 'volume');
    expect(volume).toEqual({
      metric: 'volume',
      before: 12,
      after: 0,
      change: -12,
      relativeChange: -1,
    });
    expect(impact.body.before.figures.reach).toBe(4);

    const reopened = await api(`/api/tasks/${task.body.id}`, {
      method: 'PATCH',
      body: { status: 'doing' },
    });
    expect(reopened.body.completedAt).toBeNull();
    expect(reopened.body.title).toBe('Better photos');
  });

  it('deletes a touchpoint together with its tasks', async () => {
    const tp = touchpoints.at(-1)!;
    const task = await api('/api/tasks', { body: { touchpointId: tp.id, title: 'Goes away' } });
    expect((await api(`/api/touchpoints/${tp.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await api(`/api/tasks/${task.body.id}`)).status).toBe(404);
  });
});
