import { randomBytes } from 'node:crypto';
import type { BackoffPolicy } from '../core/automation/backoff.ts';
import { evaluateConditions } from '../core/automation/evaluate-conditions.ts';
import { renderJson, renderTemplate } from '../core/automation/render-template.ts';
import { enterBranch, nextPath, stepAt } from '../core/automation/step-path.ts';
import { waitEnd } from '../core/automation/zoned-time.ts';
import { newId } from '../core/ids.ts';
import type { TTriggerEvent } from '../core/schemas/automation.ts';
import type { Store } from '../store/port.ts';
import type {
  ClaimedStep,
  RunWithSteps,
  StoredAutomation,
} from '../store/queries/automations/automation-repo.ts';
import type { Clock } from './clock.ts';
import {
  EVENTS_CURSOR,
  evaluateEventTriggers,
  evaluateSchedule,
  evaluateSegment,
  evaluateSilence,
  initialCursor,
} from './evaluate-triggers.ts';
import { type ExecutorDeps, executeStep, type StepResult } from './execute-step.ts';
import type { Mailer } from './mailer.ts';
import { conditionContext, dueOf, templateContext } from './run-context.ts';
import type { SurveyInviter } from './survey-invitations.ts';

export interface EngineOptions {
  clock: Clock;
  /** 0: no background loop (call `tick()`). */
  tickMs: number;
  mailer: Mailer | null;
  smtpFrom: string;
  /** Where customers reach this server; read when a link is made (the port may come late). */
  publicUrl: () => string;
  secret: string;
  webhookTimeoutMs: number;
  backoff: BackoffPolicy;
  fetch?: typeof fetch;
  random?: () => number;
  /** Survey invitations through the surveys module; absent: survey steps are skipped. */
  surveys?: SurveyInviter;
  log?: (message: string, err?: unknown) => void;
}

/** What one pass of the engine did. */
export interface TickReport {
  runsStarted: number;
  stepsRun: number;
}

/** One step of a dry run: what it would do, nothing done. */
export interface DryRunStep {
  path: string;
  type: string;
  outcome: 'would_run' | 'would_skip';
  detail: Record<string, unknown>;
}

/** How long a taken step stays taken; a crashed process's leases are released at start anyway. */
const LEASE_MS = 5 * 60_000;
/** Silence, segment and schedule triggers are looked at most once a minute (engine time). */
const PERIODIC_MS = 60_000;
/** Steps taken per claim, and claims per pass (steps due at once follow each other in a pass). */
const CLAIM_BATCH = 50;
const MAX_CLAIMS_PER_TICK = 40;

/**
 * The automation engine: evaluates triggers from what the events table committed (a persisted
 * cursor, never on the ingestion path), and runs the due steps that the database holds, under
 * leases. Everything it must not forget is in the database, so a restart picks up where a crash
 * left off. See src/automation/DESIGN.md.
 */
export class AutomationEngine {
  /** This process's lease owner id. */
  readonly owner = `eng_${randomBytes(8).toString('hex')}`;
  private readonly deps: ExecutorDeps;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<TickReport> | undefined;
  private stopped = true;
  private readonly lastPeriodic = new Map<string, number>();

  constructor(
    readonly store: Store,
    private readonly options: EngineOptions,
  ) {
    this.deps = {
      store,
      repo: store.automations(),
      now: () => options.clock.now(),
      publicUrl: options.publicUrl,
      secret: options.secret,
      mailer: options.mailer,
      smtpFrom: options.smtpFrom,
      webhookTimeoutMs: options.webhookTimeoutMs,
      backoff: options.backoff,
      fetch: options.fetch ?? fetch,
      random: options.random ?? Math.random,
      surveys: options.surveys,
    };
  }

  get clock(): Clock {
    return this.options.clock;
  }

  /**
   * Frees the leases a dead process left (DuckDB admits one writing process, so any lease not
   * ours is from a process that is gone) and starts the background loop.
   */
  async start(): Promise<void> {
    if ((await this.deps.repo.readCursor(EVENTS_CURSOR)) === undefined)
      await this.deps.repo.writeCursor(EVENTS_CURSOR, await initialCursor(this.deps));
    const released = await this.deps.repo.releaseForeignLeases(this.owner);
    if (released > 0) this.log(`automations: ${released} interrupted steps will run again`);
    this.stopped = false;
    this.schedule();
  }

  /** Stops the loop and waits for the pass under way. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    this.options.mailer?.close();
  }

  /** Asks for a pass soon (after a change that may have made work due). */
  kick(): void {
    if (this.stopped || this.options.tickMs === 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.loop(), 0);
  }

  private schedule() {
    if (this.stopped || this.options.tickMs === 0) return;
    this.timer = setTimeout(() => this.loop(), this.options.tickMs);
    this.timer.unref?.();
  }

  private loop() {
    this.timer = undefined;
    void this.tick()
      .catch((err) => this.log('automations: a pass failed', err))
      .finally(() => this.schedule());
  }

  /**
   * One pass: start the runs of new trigger events and of periodic triggers, then run every step
   * that is due. Passes never overlap; a call during a pass waits for it and returns its report.
   */
  tick(): Promise<TickReport> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<TickReport> {
    let runsStarted = await evaluateEventTriggers(this.deps);
    runsStarted += await this.evaluatePeriodic();
    let stepsRun = 0;
    for (let i = 0; i < MAX_CLAIMS_PER_TICK; i++) {
      const now = this.deps.now();
      const claimed = await this.deps.repo.claimDueSteps(
        now,
        this.owner,
        new Date(now.getTime() + LEASE_MS),
        CLAIM_BATCH,
      );
      if (claimed.length === 0) break;
      for (const step of claimed) {
        await this.runClaimed(step, false);
        stepsRun++;
      }
    }
    return { runsStarted, stepsRun };
  }

  private async evaluatePeriodic(): Promise<number> {
    let started = 0;
    const now = this.deps.now().getTime();
    for (const s of await this.deps.repo.listEnabledAutomations()) {
      const type = s.automation.trigger.type;
      if (type === 'event' || type === 'survey_response') continue;
      const last = this.lastPeriodic.get(s.automation.id);
      if (last !== undefined && now - last < PERIODIC_MS && now >= last) continue;
      this.lastPeriodic.set(s.automation.id, now);
      try {
        if (type === 'silence') started += await evaluateSilence(this.deps, s);
        else if (type === 'segment_entered') started += await evaluateSegment(this.deps, s);
        else started += await evaluateSchedule(this.deps, s);
      } catch (err) {
        this.log(`automations: the trigger of ${s.automation.id} failed`, err);
      }
    }
    return started;
  }

  private async runClaimed(claimed: ClaimedStep, test: boolean): Promise<void> {
    const stored = await this.deps.repo.getAutomation(claimed.workspaceId, claimed.automationId);
    let result: StepResult;
    try {
      result = await executeStep(
        this.deps,
        claimed,
        {
          id: claimed.automationId,
          name: stored?.automation.name ?? claimed.automationId,
          webhookSecret: stored?.webhookSecret ?? '',
        },
        test,
      );
    } catch (err) {
      // A bug or a database error: try again later rather than lose the step.
      this.log(`automations: step ${claimed.stepId} failed unexpectedly`, err);
      const dueAt = new Date(this.deps.now().getTime() + 60_000);
      await this.deps.repo.rescheduleStep(claimed.stepId, {
        dueAt,
        attempts: claimed.attempts,
        detail: { ...claimed.detail, internalError: (err as Error).message },
      });
      return;
    }
    if (result.kind === 'reschedule') {
      await this.deps.repo.rescheduleStep(claimed.stepId, result);
    } else {
      await this.deps.repo.completeStep({
        ...result.completion,
        stepId: claimed.stepId,
        now: this.deps.now(),
      });
    }
  }

  /**
   * A test run against one customer: the steps run at once, one after the other, with waits
   * ending immediately, no retries, and quiet hours and the daily cap waived; effects are real
   * (emails, webhooks, tasks, traits). It is recorded as a run with mode `test`, which outcome
   * figures and the daily cap leave out.
   */
  async testRun(
    stored: StoredAutomation,
    customerId: string,
    trigger: TTriggerEvent,
  ): Promise<RunWithSteps | undefined> {
    const a = stored.automation;
    const profile = await this.deps.repo.customerProfile(a.workspaceId, customerId);
    if (!profile) return undefined;
    const now = this.deps.now();
    const first = a.steps[0]!;
    const settings = await this.deps.repo.getSettings(a.workspaceId);
    const runId = await this.deps.repo.startRun({
      workspaceId: a.workspaceId,
      automationId: a.id,
      customerId: profile.customerId,
      triggerKey: `test:${newId('t')}`,
      trigger,
      definition: a.steps,
      mode: 'test',
      firstStep: { path: '0', type: first.type, ...dueOf(first, now, settings, true) },
      now,
    });
    if (!runId) return undefined;
    for (let i = 0; i < 500; i++) {
      const t = this.deps.now();
      const [claimed] = await this.deps.repo.claimDueSteps(
        t,
        this.owner,
        new Date(t.getTime() + LEASE_MS),
        1,
        runId,
      );
      if (!claimed) break;
      await this.runClaimed(claimed, true);
    }
    return this.deps.repo.getRun(a.workspaceId, runId);
  }

  /** What a run would do for one customer, step by step, without doing anything. */
  async dryRun(
    stored: StoredAutomation,
    customerId: string,
    trigger: TTriggerEvent,
  ): Promise<DryRunStep[] | undefined> {
    const a = stored.automation;
    const deps = this.deps;
    const profile = await deps.repo.customerProfile(a.workspaceId, customerId);
    if (!profile) return undefined;
    const settings = await deps.repo.getSettings(a.workspaceId);
    const ctx = templateContext(deps, {
      workspaceId: a.workspaceId,
      profile,
      trigger,
      automation: { id: a.id, name: a.name },
      runId: 'dry-run',
    });
    const unsubscribed = await deps.repo.isUnsubscribed(a.workspaceId, profile.customerId);
    const out: DryRunStep[] = [];
    let at = deps.now();
    let path: string | null = '0';
    for (let i = 0; path !== null && i < 500; i++) {
      const step = stepAt(a.steps, path);
      if (!step) break;
      const record = (
        detail: Record<string, unknown>,
        outcome: DryRunStep['outcome'] = 'would_run',
      ) => out.push({ path: path!, type: step.type, outcome, detail });
      let next: string | null = nextPath(a.steps, path);
      switch (step.type) {
        case 'wait':
          at = waitEnd(at, step, settings);
          record({ waitUntil: at.toISOString() });
          break;
        case 'branch': {
          const cctx = await conditionContext(deps, a.workspaceId, profile, trigger, [step.if]);
          const side = evaluateConditions(step.if, cctx) ? 'yes' : 'no';
          record({ took: side });
          next = enterBranch(a.steps, path, side);
          break;
        }
        case 'email': {
          const to = renderTemplate(step.to ?? '{{customer.email}}', ctx).trim();
          const detail = {
            to,
            subject: renderTemplate(step.subject, ctx),
            text: renderTemplate(step.text, ctx),
            ...(step.html === undefined ? {} : { html: renderTemplate(step.html, ctx, 'html') }),
          };
          if (unsubscribed) record({ ...detail, reason: 'unsubscribed' }, 'would_skip');
          else if (!to.includes('@'))
            record({ ...detail, reason: 'no email address' }, 'would_skip');
          else record(detail);
          break;
        }
        case 'webhook':
          record({
            url: step.url,
            body: step.body === undefined ? null : renderJson(step.body, ctx),
          });
          break;
        case 'task':
          record({ touchpointId: step.touchpointId, title: renderTemplate(step.title, ctx) });
          break;
        case 'survey': {
          const detail = {
            surveyId: step.surveyId,
            to: renderTemplate(step.to ?? '{{customer.email}}', ctx).trim(),
            subject: renderTemplate(step.subject, ctx),
          };
          if (unsubscribed) record({ ...detail, reason: 'unsubscribed' }, 'would_skip');
          else record(detail);
          break;
        }
        case 'set_trait':
          record({
            trait: step.trait,
            value: typeof step.value === 'string' ? renderTemplate(step.value, ctx) : step.value,
          });
          break;
        case 'add_tag':
          record({ tag: step.tag });
          break;
      }
      path = next;
    }
    return out;
  }

  private log(message: string, err?: unknown) {
    if (this.options.log) this.options.log(message, err);
    else console.error(`waymark: ${message}`, err ?? '');
  }
}
