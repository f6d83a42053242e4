import { z } from 'zod';
import { conflict, invalid } from '../../core/errors.ts';
import { gapTask } from '../../core/listening/self-service-gaps.ts';
import {
  completionAfter,
  isOverdue,
  type TTask,
  ZTask,
  ZTaskCreate,
  ZTaskStatus,
  ZTaskUpdate,
} from '../../core/schemas/task.ts';
import { compareImpact, IMPACT_METRICS, impactWindows } from '../../core/tasks/task-impact.ts';
import { getTouchpointTemplate, TOUCHPOINT_CATALOG } from '../../core/templates/catalog.ts';
import type { Store } from '../../store/port.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';
import { resolveListeningScope, ZListeningQuery } from './listening.ts';

const ZTaskView = ZTask.extend({
  overdue: z.boolean().meta({ description: 'Not done and due before today (UTC)' }),
});

const today = () => new Date().toISOString().slice(0, 10);
const view = (t: TTask) => ({ ...t, overdue: isOverdue(t, today()) });

const ZWindowFigures = z.object({
  from: z.string(),
  to: z.string(),
  figures: z.record(z.string(), z.number().nullable()),
});

const ZImpact = z.object({
  taskId: z.string(),
  touchpointId: z.string(),
  completedAt: z.string(),
  windowDays: z.number(),
  before: ZWindowFigures,
  after: ZWindowFigures.extend({
    complete: z.boolean().meta({ description: 'false while the window is still running' }),
  }),
  changes: z.array(
    z.object({
      metric: z.enum(IMPACT_METRICS),
      before: z.number().nullable(),
      after: z.number().nullable(),
      change: z.number().nullable(),
      relativeChange: z.number().nullable(),
    }),
  ),
});

/** Tasks on touchpoints: by hand, from the catalog's starter checklists, and their impact. */
export function registerTaskRoutes(api: ApiRegistry, store: Store) {
  const tags = ['tasks'];

  /** An owner must be a member of the workspace: anyone else is a 400 naming the field. */
  const checkOwner = async (workspaceId: string, ownerId: string | null | undefined) => {
    if (!ownerId) return;
    const members = await store.listMembers(workspaceId);
    if (!members.some((m) => m.userId === ownerId)) {
      throw invalid('the owner must be a member of the workspace', [
        { path: 'body.ownerId', message: 'not a member of this workspace' },
      ]);
    }
  };

  api.route(
    {
      method: 'GET',
      url: '/api/tasks',
      summary: 'Tasks, filtered by journey, touchpoint, owner, status or overdue',
      tags,
      auth: ['api'],
      query: z.object({
        journeyId: z.string().max(64).optional(),
        touchpointId: z.string().max(64).optional(),
        ownerId: z.string().max(64).optional(),
        status: ZTaskStatus.optional(),
        overdue: z.enum(['true', 'false']).optional(),
      }),
      response: z.array(ZTaskView),
    },
    async ({ principal, query }) => {
      const tasks = (await store.listTasks(principal.workspaceId, query)).map(view);
      return query.overdue ? tasks.filter((t) => t.overdue === (query.overdue === 'true')) : tasks;
    },
  );
  api.route(
    {
      method: 'POST',
      url: '/api/tasks',
      summary: 'Create a task on a touchpoint',
      tags,
      auth: ['api'],
      body: ZTaskCreate,
      response: ZTaskView,
    },
    async ({ principal, body }) => {
      await checkOwner(principal.workspaceId, body.ownerId);
      const completedAt = completionAfter(null, body.status ?? 'todo', new Date());
      const task = await store.createTask(principal.workspaceId, body, completedAt);
      return view(found(task, 'touchpoint', body.touchpointId));
    },
  );
  api.route(
    {
      method: 'POST',
      url: '/api/touchpoints/:id/tasks/from-catalog',
      summary:
        "Create a task from the touchpoint catalog's starter checklist (named by key, else found by the touchpoint's name or match rules)",
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: z.object({
        catalogKey: z.string().max(80).optional(),
        ownerId: z.string().max(64).nullable().optional(),
        dueDate: ZTask.shape.dueDate.optional(),
      }),
      response: ZTaskView,
    },
    async ({ principal, params, body }) => {
      const ws = principal.workspaceId;
      const tp = found(await store.getTouchpoint(ws, params.id), 'touchpoint', params.id);
      const rules = JSON.stringify(tp.matchRules);
      const entry = body.catalogKey
        ? getTouchpointTemplate(body.catalogKey)
        : (TOUCHPOINT_CATALOG.find((c) => c.name.toLowerCase() === tp.name.toLowerCase()) ??
          TOUCHPOINT_CATALOG.find((c) => JSON.stringify(c.matchRules) === rules));
      if (!entry) {
        throw invalid(
          body.catalogKey
            ? `no catalog touchpoint ${body.catalogKey}`
            : `no catalog touchpoint matches ${tp.name}: name one with catalogKey`,
          [{ path: 'body.catalogKey', message: body.catalogKey ? 'unknown' : 'required here' }],
        );
      }
      await checkOwner(ws, body.ownerId);
      const task = await store.createTask(ws, {
        touchpointId: tp.id,
        title: `Starter checklist: ${entry.name}`,
        description: entry.description,
        ownerId: body.ownerId ?? null,
        dueDate: body.dueDate ?? null,
        checklist: entry.checklist.map((text) => ({ text, done: false })),
        source: 'catalog',
      });
      return view(found(task, 'touchpoint', tp.id));
    },
  );
  api.route(
    {
      method: 'POST',
      url: '/api/journeys/:id/self-service-gaps/:key/task',
      summary:
        "Create a task from a self-service gap's suggestion, on the touchpoint where most of its contacts arrived (or the one named)",
      tags,
      auth: ['api'],
      params: ZIdParam.extend({ key: z.string().min(1).max(100) }),
      body: ZListeningQuery.extend({
        touchpointId: z.string().max(64).optional(),
        ownerId: z.string().max(64).nullable().optional(),
        dueDate: ZTask.shape.dueDate.optional(),
      }).meta({ description: '`from`, `to` and `personaId` as the gaps were listed with' }),
      response: ZTaskView,
    },
    async ({ principal, params, body }) => {
      const ws = principal.workspaceId;
      const { from, to } = await resolveListeningScope(store, ws, body, 'body');
      const report = found(
        await store.listening().selfServiceGaps(ws, params.id, {
          from,
          to,
          personaId: body.personaId,
        }),
        'journey',
        params.id,
      );
      const gap = found(
        report.gaps.find((g) => g.key === params.key),
        'self-service gap',
        params.key,
      );
      const touchpointId = body.touchpointId ?? gap.touchpoints[0]?.touchpointId;
      const tp = touchpointId ? await store.getTouchpoint(ws, touchpointId) : undefined;
      if (!tp || tp.journeyId !== params.id) {
        throw invalid('name a touchpoint of this journey for the task', [
          { path: 'body.touchpointId', message: tp ? 'not on this journey' : 'unknown' },
        ]);
      }
      await checkOwner(ws, body.ownerId);
      const task = await store.createTask(ws, {
        touchpointId: tp.id,
        ...gapTask(gap, tp.name),
        ownerId: body.ownerId ?? null,
        dueDate: body.dueDate ?? null,
        source: 'suggestion',
      });
      return view(found(task, 'touchpoint', tp.id));
    },
  );
  api.route(
    {
      method: 'GET',
      url: '/api/tasks/:id',
      summary: 'One task',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZTaskView,
    },
    async ({ principal, params }) =>
      view(found(await store.getTask(principal.workspaceId, params.id), 'task', params.id)),
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/tasks/:id',
      summary: 'Change a task; moving it to done records when, leaving done clears it',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZTaskUpdate,
      response: ZTaskView,
    },
    async ({ principal, params, body }) => {
      const ws = principal.workspaceId;
      const cur = found(await store.getTask(ws, params.id), 'task', params.id);
      await checkOwner(ws, body.ownerId);
      const completedAt = completionAfter(cur, body.status ?? cur.status, new Date());
      const next = await store.updateTask(ws, cur.id, { ...body, completedAt });
      return view(found(next, 'task', params.id));
    },
  );
  api.deleteRoute(
    { url: '/api/tasks/:id', summary: 'Delete a task', tags, what: 'task' },
    (ws, id) => store.deleteTask(ws, id),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/tasks/:id/impact',
      summary:
        "A done task's touchpoint figures in the 30 days before and after its completion, with the change",
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: z.object({ days: z.coerce.number().int().min(1).max(365).default(30) }),
      response: ZImpact,
    },
    async ({ principal, params, query }) => {
      const ws = principal.workspaceId;
      const task = found(await store.getTask(ws, params.id), 'task', params.id);
      if (task.status !== 'done' || !task.completedAt) {
        throw conflict('the task is not done yet: its impact starts when it is', {
          field: 'status',
        });
      }
      const w = impactWindows(new Date(task.completedAt), new Date(), query.days);
      const measure = async (from: Date, to: Date) => {
        const report = await store.touchpointMetrics(ws, { journeyId: task.journeyId, from, to });
        return report?.touchpoints.find((t) => t.touchpointId === task.touchpointId);
      };
      const [before, after] = await Promise.all([
        measure(w.before.from, w.before.to),
        measure(w.after.from, w.after.to),
      ]);
      const changes = compareImpact(before, after);
      const figures = (side: 'before' | 'after') =>
        Object.fromEntries(changes.map((c) => [c.metric, c[side]]));
      return {
        taskId: task.id,
        touchpointId: task.touchpointId,
        completedAt: task.completedAt,
        windowDays: query.days,
        before: {
          from: w.before.from.toISOString(),
          to: w.before.to.toISOString(),
          figures: figures('before'),
        },
        after: {
          from: w.after.from.toISOString(),
          to: w.after.to.toISOString(),
          complete: w.after.complete,
          figures: figures('after'),
        },
        changes,
      };
    },
  );
}
