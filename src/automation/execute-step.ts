import { type BackoffPolicy, backoffDelayMs } from '../core/automation/backoff.ts';
import { evaluateConditions } from '../core/automation/evaluate-conditions.ts';
import { planDelivery } from '../core/automation/plan-delivery.ts';
import { escapeHtml, renderJson, renderTemplate } from '../core/automation/render-template.ts';
import { enterBranch, nextPath, stepAt } from '../core/automation/step-path.ts';
import { localDayKey, startOfLocalDay } from '../core/automation/zoned-time.ts';
import type { TAutomationSettings, TStep } from '../core/schemas/automation.ts';
import type {
  ClaimedStep,
  NextStep,
  StepCompletion,
  TraitEffect,
} from '../store/queries/automations/automation-repo.ts';
import { callWebhook } from './call-webhook.ts';
import type { Mailer } from './mailer.ts';
import {
  conditionContext,
  dueOf,
  type EngineDeps,
  type Profile,
  templateContext,
  unsubscribeUrl,
} from './run-context.ts';
import type { SurveyInviter } from './survey-invitations.ts';

/** What executing steps needs beyond the shared parts. */
export interface ExecutorDeps extends EngineDeps {
  mailer: Mailer | null;
  smtpFrom: string;
  webhookTimeoutMs: number;
  backoff: BackoffPolicy;
  fetch: typeof fetch;
  random: () => number;
  /** Survey invitations (the surveys module); absent: survey steps are skipped. */
  surveys?: SurveyInviter;
}

/** What became of a step: finished (with its effects and what follows), or tried again later. */
export type StepResult =
  | { kind: 'complete'; completion: Omit<StepCompletion, 'stepId' | 'now'> }
  | { kind: 'reschedule'; dueAt: Date; attempts: number; detail: Record<string, unknown> };

interface Ctx {
  deps: ExecutorDeps;
  claimed: ClaimedStep;
  step: TStep;
  now: Date;
  settings: TAutomationSettings;
  profile: Profile;
  automation: { id: string; name: string; webhookSecret: string };
  /** A test run: waits end at once, failures are not retried, quiet hours and caps are waived. */
  test: boolean;
}

/** The step after `path` (or the one a branch chose), with its due time. */
function following(c: Ctx, path: string | null): NextStep | null {
  if (path === null) return null;
  const step = stepAt(c.claimed.definition, path);
  if (!step) return null;
  return { path, type: step.type, ...dueOf(step, c.now, c.settings, c.test) };
}

const done = (
  c: Ctx,
  detail: Record<string, unknown>,
  extra: Partial<StepCompletion> = {},
  status: 'done' | 'skipped' = 'done',
): StepResult => ({
  kind: 'complete',
  completion: {
    status,
    detail: { ...c.claimed.detail, ...detail },
    next: following(c, nextPath(c.claimed.definition, c.claimed.path)),
    ...extra,
  },
});

/**
 * A failed attempt: retried after a backoff with full jitter, until the attempts run out or the
 * failure is permanent; then the step fails, its payload goes to the dead letters, and the run
 * stops there (a dead letter's retry resumes it).
 */
function failure(
  c: Ctx,
  error: string,
  permanent: boolean,
  deadLetter: { kind: string; target: string; payload: string },
): StepResult {
  const attempts = c.claimed.attempts + 1;
  const errors = [
    ...((c.claimed.detail.errors as unknown[] | undefined) ?? []),
    { at: c.now.toISOString(), error },
  ].slice(-10);
  if (!permanent && !c.test && attempts < c.deps.backoff.maxAttempts) {
    const delay = backoffDelayMs(attempts, c.deps.backoff, c.deps.random);
    const dueAt = new Date(c.now.getTime() + delay);
    return {
      kind: 'reschedule',
      dueAt,
      attempts,
      detail: { ...c.claimed.detail, errors, retryAt: dueAt.toISOString() },
    };
  }
  return {
    kind: 'complete',
    completion: {
      status: 'failed',
      detail: { ...c.claimed.detail, errors, error },
      next: null,
      ...(c.test ? {} : { deadLetter: { ...deadLetter, error } }),
    },
  };
}

/** What a message step sends, once composed; or why it is not sent. */
type Composed =
  | { subject: string; text: string; html?: string; detail?: Record<string, unknown> }
  | { skipped: string };

/**
 * A message to the customer (an email, or a survey invitation by email): never to an
 * unsubscribed customer, never twice (the step id is the Message-ID and the sent marker's key),
 * and, outside test runs, deferred in quiet hours and past the daily cap.
 */
async function runMessage(
  c: Ctx,
  step: { to?: string; channel: string },
  compose: () => Promise<Composed>,
): Promise<StepResult> {
  const { deps, claimed } = c;
  const ws = claimed.workspaceId;
  if (await deps.repo.isUnsubscribed(ws, c.profile.customerId))
    return done(c, { reason: 'unsubscribed' }, {}, 'skipped');
  const to = renderTemplate(step.to ?? '{{customer.email}}', contextOf(c)).trim();
  if (!/^[^\s@]+@[^\s@]+$/.test(to)) return done(c, { reason: 'no email address' }, {}, 'skipped');
  const key = claimed.stepId;
  if ((await deps.repo.messageState(key)) === 'sent') return done(c, { alreadySent: true });
  if (!c.test) {
    const since = startOfLocalDay(c.now, c.settings.timezone);
    const sentToday = await deps.repo.countMessagesSince(ws, c.profile.customerId, since);
    const plan = planDelivery(c.now, c.settings, sentToday);
    if (!plan.send) {
      const deferrals = [
        ...((claimed.detail.deferrals as unknown[] | undefined) ?? []),
        { at: c.now.toISOString(), reason: plan.reason, until: plan.until.toISOString() },
      ];
      return {
        kind: 'reschedule',
        dueAt: plan.until,
        attempts: claimed.attempts,
        detail: { ...claimed.detail, deferrals },
      };
    }
  }
  if (!deps.mailer) {
    return failure(c, 'no SMTP server is configured (--smtp-url)', true, {
      kind: step.channel,
      target: to,
      payload: JSON.stringify({ to }),
    });
  }
  const composed = await compose();
  if ('skipped' in composed) return done(c, { reason: composed.skipped }, {}, 'skipped');
  const unsubscribe = unsubscribeUrl(deps, ws, c.profile.customerId);
  const subject = composed.subject.replace(/[\r\n]+/g, ' ');
  const payload = JSON.stringify({ to, subject });
  const messageId = `<${key}@waymark>`;
  // The marker goes in before the send: a crash between the two leaves it `sending`, and the
  // re-run sends again with the same Message-ID (the one window of at-least-once, documented).
  await deps.repo.markMessageSending({
    key,
    workspaceId: ws,
    customerId: c.profile.customerId,
    automationId: claimed.automationId,
    runId: claimed.runId,
    channel: step.channel,
    now: c.now,
  });
  try {
    await deps.mailer.send({
      from: deps.smtpFrom,
      to,
      subject,
      text: composed.text.includes(unsubscribe)
        ? composed.text
        : `${composed.text}\n\n--\nUnsubscribe: ${unsubscribe}\n`,
      html:
        composed.html === undefined || composed.html.includes(escapeHtml(unsubscribe))
          ? composed.html
          : `${composed.html}\n<p style="font-size:12px;color:#666"><a href="${escapeHtml(unsubscribe)}">Unsubscribe</a></p>`,
      messageId,
      headers: {
        'List-Unsubscribe': `<${unsubscribe}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        'X-Waymark-Idempotency-Key': key,
      },
    });
  } catch (err) {
    return failure(c, `SMTP: ${(err as Error).message}`, false, {
      kind: step.channel,
      target: to,
      payload,
    });
  }
  return done(
    c,
    { to, subject, messageId, ...composed.detail },
    { message: { key, channel: step.channel } },
  );
}

function runEmail(c: Ctx, step: Extract<TStep, { type: 'email' }>): Promise<StepResult> {
  return runMessage(c, { to: step.to, channel: 'email' }, async () => {
    const ctx = contextOf(c);
    return {
      subject: renderTemplate(step.subject, ctx),
      text: renderTemplate(step.text, ctx),
      html: step.html === undefined ? undefined : renderTemplate(step.html, ctx, 'html'),
    };
  });
}

/** The survey's question with its signed link, under an optional introduction. */
function runSurvey(c: Ctx, step: Extract<TStep, { type: 'survey' }>): Promise<StepResult> {
  return runMessage(c, { to: step.to, channel: 'survey' }, async () => {
    const inviter = c.deps.surveys;
    if (!inviter) return { skipped: 'surveys are not available on this server' };
    const ttl = (step.ttlDays ?? 14) * 86_400;
    const invitation = await inviter.invite(
      c.claimed.workspaceId,
      step.surveyId,
      c.profile.customerId,
      ttl,
    );
    if (!invitation.ok) return { skipped: invitation.reason };
    const ctx = contextOf(c);
    const intro = step.text === undefined ? '' : renderTemplate(step.text, ctx);
    const introHtml = step.text === undefined ? '' : `<p>${escapeHtml(intro)}</p>\n`;
    return {
      subject: renderTemplate(step.subject, ctx),
      text: intro ? `${intro}\n\n${invitation.snippet.text}` : invitation.snippet.text,
      html: `${introHtml}${invitation.snippet.html}`,
      detail: { surveyId: step.surveyId, surveyUrl: invitation.snippet.url },
    };
  });
}

async function runWebhook(c: Ctx, step: Extract<TStep, { type: 'webhook' }>): Promise<StepResult> {
  const ctx = contextOf(c);
  const body = JSON.stringify(
    step.body === undefined
      ? {
          automation: ctx.automation,
          run: ctx.run,
          customer: { ...ctx.customer, traits: ctx.traits },
          event: ctx.event,
        }
      : renderJson(step.body, ctx),
  );
  const result = await callWebhook(
    {
      url: step.url,
      body,
      secret: c.automation.webhookSecret,
      idempotencyKey: c.claimed.stepId,
      automationId: c.automation.id,
      runId: c.claimed.runId,
      timeoutMs: c.deps.webhookTimeoutMs,
    },
    c.deps.fetch,
  );
  if (result.ok) return done(c, { url: step.url, status: result.status });
  return failure(c, result.error, result.permanent, {
    kind: 'webhook',
    target: step.url,
    payload: body,
  });
}

async function runTask(c: Ctx, step: Extract<TStep, { type: 'task' }>): Promise<StepResult> {
  const { deps, claimed } = c;
  const ws = claimed.workspaceId;
  // The task says where it came from; the same words find it again if this step re-runs after
  // a crash between creating it and recording that.
  const origin = `(automation ${c.automation.id}, run ${claimed.runId}, step ${claimed.path})`;
  const existing = (await deps.store.listTasks(ws, { touchpointId: step.touchpointId })).find((t) =>
    t.description.includes(origin),
  );
  if (existing) return done(c, { taskId: existing.id, existing: true });
  const ctx = contextOf(c);
  const members = step.ownerId ? await deps.store.listMembers(ws) : [];
  const ownerId =
    step.ownerId && members.some((m) => m.userId === step.ownerId) ? step.ownerId : null;
  let dueDate: string | null = null;
  if (step.dueInDays !== null && step.dueInDays !== undefined) {
    const day = new Date(`${localDayKey(c.now, c.settings.timezone)}T00:00:00Z`);
    dueDate = new Date(day.getTime() + step.dueInDays * 86_400_000).toISOString().slice(0, 10);
  }
  const description = [
    step.description ? renderTemplate(step.description, ctx) : '',
    `Created by the automation "${c.automation.name}" for customer ${c.profile.customerId} ${origin}.`,
  ]
    .filter(Boolean)
    .join('\n\n')
    .slice(0, 5000);
  const task = await deps.store.createTask(ws, {
    touchpointId: step.touchpointId,
    title: renderTemplate(step.title, ctx).slice(0, 300) || 'Follow up',
    description,
    ownerId,
    dueDate,
    source: 'automation',
  });
  if (!task) {
    return {
      kind: 'complete',
      completion: {
        status: 'failed',
        detail: { error: `touchpoint ${step.touchpointId} not found` },
        next: null,
      },
    };
  }
  return done(c, {
    taskId: task.id,
    ...(step.ownerId && !ownerId ? { note: 'the owner is no longer a member' } : {}),
  });
}

function contextOf(c: Ctx) {
  return templateContext(c.deps, {
    workspaceId: c.claimed.workspaceId,
    profile: c.profile,
    trigger: c.claimed.trigger,
    automation: { id: c.automation.id, name: c.automation.name },
    runId: c.claimed.runId,
  });
}

/**
 * Executes one claimed step and says what became of it; the caller records that. Effects carry
 * the step's id as their idempotency key (email Message-ID and sent marker, webhook
 * Idempotency-Key, the task's origin line), so a step that re-runs after a crash does not repeat
 * them; trait changes commit in the same transaction as the step's end.
 */
export async function executeStep(
  deps: ExecutorDeps,
  claimed: ClaimedStep,
  automation: { id: string; name: string; webhookSecret: string },
  test: boolean,
): Promise<StepResult> {
  const now = deps.now();
  const step = stepAt(claimed.definition, claimed.path);
  if (!step) {
    return {
      kind: 'complete',
      completion: { status: 'failed', detail: { error: 'no step at this path' }, next: null },
    };
  }
  const settings = await deps.repo.getSettings(claimed.workspaceId);
  const profile = await deps.repo.customerProfile(claimed.workspaceId, claimed.customerId);
  const c: Ctx = {
    deps,
    claimed,
    step,
    now,
    settings,
    profile: profile ?? { customerId: claimed.customerId, traits: {}, email: null },
    automation,
    test,
  };
  if (!profile && step.type !== 'wait' && step.type !== 'branch') {
    return done(c, { reason: 'customer not found' }, {}, 'skipped');
  }
  switch (step.type) {
    case 'wait':
      return done(c, { waitedUntil: claimed.dueAt });
    case 'branch': {
      const ctx = await conditionContext(deps, claimed.workspaceId, c.profile, claimed.trigger, [
        step.if,
      ]);
      const side = evaluateConditions(step.if, ctx) ? 'yes' : 'no';
      return {
        kind: 'complete',
        completion: {
          status: 'done',
          detail: { took: side },
          next: following(c, enterBranch(claimed.definition, claimed.path, side)),
        },
      };
    }
    case 'email':
      return runEmail(c, step);
    case 'webhook':
      return runWebhook(c, step);
    case 'task':
      return runTask(c, step);
    case 'survey':
      return runSurvey(c, step);
    case 'set_trait': {
      const value =
        typeof step.value === 'string' ? renderTemplate(step.value, contextOf(c)) : step.value;
      const effect: TraitEffect = { kind: 'set', trait: step.trait, value };
      return done(
        c,
        { trait: step.trait, value },
        { traits: { workspaceId: claimed.workspaceId, customerId: c.profile.customerId, effect } },
      );
    }
    case 'add_tag': {
      const effect: TraitEffect = { kind: 'tag', tag: step.tag };
      return done(
        c,
        { tag: step.tag },
        { traits: { workspaceId: claimed.workspaceId, customerId: c.profile.customerId, effect } },
      );
    }
  }
}
