import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { automationOutcome } from '../../automation/automation-outcome.ts';
import type { AutomationEngine } from '../../automation/engine.ts';
import { createAutomation, updateAutomation } from '../../automation/manage-automations.ts';
import { escapeHtml } from '../../core/automation/render-template.ts';
import { readUnsubscribeToken } from '../../core/automation/signatures.ts';
import { AppError, conflict } from '../../core/errors.ts';
import { roleAllows } from '../../core/schemas/account.ts';
import {
  RUN_STATUSES,
  ZAutomation,
  ZAutomationCreate,
  ZAutomationRun,
  ZAutomationSettings,
  ZAutomationSettingsUpdate,
  ZAutomationUpdate,
  ZDeadLetter,
  ZRunStep,
} from '../../core/schemas/automation.ts';
import { ZTimestamp } from '../../core/schemas/common.ts';
import type { Store } from '../../store/port.ts';
import type { StoredAutomation } from '../../store/queries/automations/automation-repo.ts';
import type { Principal } from '../auth.ts';
import { type ApiRegistry, found, ZIdParam } from '../route.ts';

const ZAutomationView = ZAutomation.extend({
  webhookSecret: z.string().optional().meta({
    description:
      'Signs this automation’s webhook calls (X-Waymark-Signature); shown to editors and owners only',
  }),
});

const ZRunDetail = ZAutomationRun.extend({ steps: z.array(ZRunStep) });

const ZPage = <T extends z.ZodType>(item: T) =>
  z.object({ total: z.number().int(), items: z.array(item) });

const ZPaging = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

const ZProportion = z.object({
  n: z.number().int(),
  successes: z.number().int(),
  rate: z.number().nullable(),
});
const ZDifference = z.object({
  difference: z.number().nullable(),
  ci95: z.object({ low: z.number(), high: z.number() }).nullable(),
  significant: z.boolean().nullable(),
});
const ZOutcomeGroup = z.object({
  customers: z.number().int(),
  measured: z.number().int(),
  inWindow: z.number().int(),
  conversion: ZProportion,
  nextStage: ZProportion.nullable(),
});
const ZOutcome = z.object({
  automationId: z.string(),
  journeyId: z.string().nullable(),
  goal: z.string().nullable(),
  windowDays: z.number().int(),
  from: z.string(),
  to: z.string(),
  includeOpen: z.boolean(),
  nextStage: z.object({ stageId: z.string(), name: z.string() }).nullable(),
  treated: ZOutcomeGroup,
  control: ZOutcomeGroup,
  conversionDifference: ZDifference,
  nextStageDifference: ZDifference.nullable(),
  notes: z.array(z.string()),
});

const ZTestRunBody = z.object({
  customerId: z.string().min(1).max(64),
  dryRun: z.boolean().default(true).meta({
    description: 'true (default): say what each step would do; false: run it for real',
  }),
  event: z
    .object({
      name: z.string().max(200).optional(),
      properties: z.record(z.string(), z.unknown()).default({}),
    })
    .optional()
    .meta({ description: 'The trigger event to pretend (its properties fill templates)' }),
});

const ZDryRunStep = z.object({
  path: z.string(),
  type: z.string(),
  outcome: z.enum(['would_run', 'would_skip']),
  detail: z.record(z.string(), z.unknown()),
});

const ZTestRunResult = z.object({
  dryRun: z.boolean(),
  customerId: z.string(),
  steps: z.array(ZDryRunStep).optional(),
  run: ZRunDetail.optional(),
});

/** What automation routes need besides the store: the engine, or nothing (it is not running). */
export interface AutomationRouteOptions {
  engine?: AutomationEngine;
  /** Signs unsubscribe links (the engine's secret). */
  secret?: string;
}

const unavailable = () =>
  new AppError(503, 'unavailable', 'the automation engine is not running on this server');

/**
 * Automations: CRUD, the on/off switch, test runs, runs and their steps, dead letters, the
 * workspace's automation settings, the outcome, and the public unsubscribe link.
 */
export function registerAutomationRoutes(
  app: FastifyInstance,
  api: ApiRegistry,
  store: Store,
  options: AutomationRouteOptions = {},
) {
  const tags = ['automations'];
  const repo = () => store.automations();
  const now = () => options.engine?.clock.now() ?? new Date();
  /** The webhook secret is for those who may change the automation. */
  const view = (s: StoredAutomation, principal: Principal) => ({
    ...s.automation,
    ...(roleAllows(principal.role, 'editor') ? { webhookSecret: s.webhookSecret } : {}),
  });
  const load = async (workspaceId: string, id: string) =>
    found(await repo().getAutomation(workspaceId, id), 'automation', id);

  api.route(
    {
      method: 'GET',
      url: '/api/automations',
      summary: 'List automations',
      tags,
      auth: ['api'],
      response: z.array(ZAutomationView),
    },
    async ({ principal }) =>
      (await repo().listAutomations(principal.workspaceId)).map((s) => view(s, principal)),
  );
  api.route(
    {
      method: 'POST',
      url: '/api/automations',
      summary: 'Create an automation (trigger, conditions, steps); it gets its webhook secret',
      tags,
      auth: ['api'],
      body: ZAutomationCreate,
      response: ZAutomationView,
    },
    async ({ principal, body }) => {
      const created = await createAutomation(store, principal.workspaceId, body, now());
      options.engine?.kick();
      return view(created, principal);
    },
  );
  api.route(
    {
      method: 'GET',
      url: '/api/automations/:id',
      summary: 'One automation',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZAutomationView,
    },
    async ({ principal, params }) => view(await load(principal.workspaceId, params.id), principal),
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/automations/:id',
      summary: 'Change an automation; runs under way keep the steps they started with',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZAutomationUpdate,
      response: ZAutomationView,
    },
    async ({ principal, params, body }) => {
      const cur = await load(principal.workspaceId, params.id);
      const next = await updateAutomation(store, cur, body, now());
      options.engine?.kick();
      return view(next, principal);
    },
  );
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const) {
    api.route(
      {
        method: 'POST',
        url: `/api/automations/:id/${verb}`,
        summary: enabled
          ? 'Switch an automation on: it reacts to what happens from now on'
          : 'Switch an automation off: no new runs; pending steps wait until it is on again',
        tags,
        auth: ['api'],
        params: ZIdParam,
        response: ZAutomationView,
        status: 200,
      },
      async ({ principal, params }) => {
        const cur = await load(principal.workspaceId, params.id);
        const next = await updateAutomation(store, cur, { enabled }, now());
        options.engine?.kick();
        return view(next, principal);
      },
    );
  }
  api.route(
    {
      method: 'POST',
      url: '/api/automations/:id/rotate-secret',
      summary: 'Replace the webhook signing secret (the old one stops working at once)',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZAutomationView,
      status: 200,
    },
    async ({ principal, params }) => {
      const cur = await load(principal.workspaceId, params.id);
      return view(await updateAutomation(store, cur, {}, now(), { rotateSecret: true }), principal);
    },
  );
  api.deleteRoute(
    {
      url: '/api/automations/:id',
      summary: 'Delete an automation; its active runs are cancelled',
      tags,
      what: 'automation',
    },
    (ws, id) => repo().deleteAutomation(ws, id, now()),
  );

  api.route(
    {
      method: 'POST',
      url: '/api/automations/:id/test-run',
      summary:
        'Run the steps against one customer now: a dry run (default) says what each would do; dryRun false runs them for real, waits skipped',
      tags,
      auth: ['api'],
      params: ZIdParam,
      body: ZTestRunBody,
      response: ZTestRunResult,
      status: 200,
    },
    async ({ principal, params, body }) => {
      const engine = options.engine;
      if (!engine) throw unavailable();
      const stored = await load(principal.workspaceId, params.id);
      const at = now().toISOString();
      const trigger = {
        messageId: null,
        event: body.event?.name ?? 'Test Run',
        timestamp: at,
        properties: body.event?.properties ?? {},
      };
      if (body.dryRun) {
        const steps = await engine.dryRun(stored, body.customerId, trigger);
        return {
          dryRun: true,
          customerId: body.customerId,
          steps: found(steps, 'customer', body.customerId),
        };
      }
      const run = await engine.testRun(stored, body.customerId, trigger);
      const done = found(run, 'customer', body.customerId);
      return { dryRun: false, customerId: done.customerId, run: done };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/automations/:id/runs',
      summary: "An automation's runs, latest first",
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: ZPaging.extend({
        status: z.enum(RUN_STATUSES).optional(),
        mode: z.enum(['live', 'test']).optional(),
        customerId: z.string().max(64).optional(),
      }),
      response: ZPage(ZAutomationRun),
    },
    async ({ principal, params, query }) => {
      await load(principal.workspaceId, params.id);
      return repo().listRuns(principal.workspaceId, { ...query, automationId: params.id });
    },
  );
  api.route(
    {
      method: 'GET',
      url: '/api/automation-runs/:id',
      summary: 'One run with its steps: what each did, when, and what is pending',
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: ZRunDetail,
    },
    async ({ principal, params }) =>
      found(await repo().getRun(principal.workspaceId, params.id), 'run', params.id),
  );
  api.route(
    {
      method: 'GET',
      url: '/api/automation-dead-letters',
      summary: 'Steps that failed every attempt, latest first',
      tags,
      auth: ['api'],
      query: ZPaging.extend({ automationId: z.string().max(64).optional() }),
      response: ZPage(ZDeadLetter),
    },
    async ({ principal, query }) => repo().listDeadLetters(principal.workspaceId, query),
  );
  api.route(
    {
      method: 'POST',
      url: '/api/automation-dead-letters/:id/retry',
      summary: "Retry a dead letter's step now (with the same idempotency key); its run resumes",
      tags,
      auth: ['api'],
      params: ZIdParam,
      response: z.object({ retried: z.literal(true), runId: z.string() }),
      status: 200,
    },
    async ({ principal, params }) => {
      const done = await repo().retryDeadLetter(principal.workspaceId, params.id, now());
      if (done === false) throw conflict('this dead letter was retried already', { field: 'id' });
      const { runId } = found(done, 'dead letter', params.id);
      options.engine?.kick();
      return { retried: true as const, runId };
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/automations/:id/outcome',
      summary:
        'Conversion and next-stage reach of customers who went through the automation against those who qualified while it was off, with 95% intervals',
      tags,
      auth: ['api'],
      params: ZIdParam,
      query: z.object({
        from: ZTimestamp.optional().meta({ description: 'Default: 180 days before `to`' }),
        to: ZTimestamp.optional().meta({ description: 'Default: now' }),
        includeOpen: z.enum(['true', 'false']).default('false').meta({
          description: 'Also count customers whose window has not closed yet',
        }),
      }),
      response: ZOutcome,
    },
    async ({ principal, params, query }) => {
      const stored = await load(principal.workspaceId, params.id);
      const to = query.to ? new Date(query.to) : now();
      const from = query.from ? new Date(query.from) : new Date(to.getTime() - 180 * 86_400_000);
      if (from >= to) {
        throw new AppError(400, 'invalid', 'from must be before to', [
          { path: 'query.from', message: 'must be before to' },
        ]);
      }
      return automationOutcome({ store }, stored, {
        from,
        to,
        includeOpen: query.includeOpen === 'true',
      });
    },
  );

  api.route(
    {
      method: 'GET',
      url: '/api/automation-settings',
      summary: "The workspace's time zone, business hours, quiet hours and daily message cap",
      tags,
      auth: ['api'],
      response: ZAutomationSettings,
    },
    async ({ principal }) => repo().getSettings(principal.workspaceId),
  );
  api.route(
    {
      method: 'PATCH',
      url: '/api/automation-settings',
      summary: 'Change the automation settings (the time zone is the workspace’s own)',
      tags,
      auth: ['api'],
      body: ZAutomationSettingsUpdate,
      response: ZAutomationSettings,
    },
    async ({ principal, body }) => {
      const cur = await repo().getSettings(principal.workspaceId);
      const defined = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
      return repo().saveSettings(principal.workspaceId, { ...cur, ...defined });
    },
  );

  registerUnsubscribePages(app, store, options, now);
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}
button{font:inherit;padding:.5rem 1rem}</style></head>
<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;

/**
 * The unsubscribe link of automated emails: `GET /unsubscribe/<token>` shows a confirmation form
 * (a GET changes nothing, since mail scanners follow links), `POST` unsubscribes, also as the
 * RFC 8058 one-click POST that mail clients send. The token is signed: no login, no lookup.
 */
function registerUnsubscribePages(
  app: FastifyInstance,
  store: Store,
  options: AutomationRouteOptions,
  now: () => Date,
) {
  const secret = options.secret;
  const subjectOf = (token: string, reply: FastifyReply) => {
    const subject = secret ? readUnsubscribeToken(secret, token) : undefined;
    if (!subject) {
      void reply
        .status(404)
        .type('text/html; charset=utf-8')
        .send(page('Link not valid', '<p>This unsubscribe link is not valid.</p>'));
    }
    return subject;
  };
  void app.register(async (scope) => {
    // Mail clients send the one-click unsubscribe as a form; its content is not needed.
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string' },
      (_req, body, done) => done(null, body),
    );
    // A wildcard, not `:token`: tokens are longer than Fastify's default parameter length.
    scope.get<{ Params: { '*': string } }>('/unsubscribe/*', async (req, reply) => {
      if (!subjectOf(req.params['*'], reply)) return reply;
      return reply.type('text/html; charset=utf-8').send(
        page(
          'Unsubscribe',
          `<p>Stop receiving automated emails from us?</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
    });
    scope.post<{ Params: { '*': string } }>('/unsubscribe/*', async (req, reply) => {
      const subject = subjectOf(req.params['*'], reply);
      if (!subject) return reply;
      await store.automations().unsubscribe(subject.workspaceId, subject.customerId, now());
      return reply
        .type('text/html; charset=utf-8')
        .send(page('Unsubscribed', '<p>You will not receive automated emails from us again.</p>'));
    });
  });
}
