import type {
  TAutomation,
  TAutomationRun,
  TAutomationSettings,
  TDeadLetter,
  TRunStep,
  TStep,
  TTriggerEvent,
} from '../../../core/schemas/automation.ts';
import type { TSegmentRule } from '../../../core/schemas/persona.ts';
import type { TMatchRule } from '../../../core/schemas/touchpoint.ts';
import type { OutcomeCounts, OutcomeParams } from './automation-outcome.ts';
import type { JourneyFacts, JourneyFactsParams } from './customer-journey-facts.ts';
import type { FindSilencesParams } from './find-silences.ts';
import type { MatchTriggerEventsParams, TriggerEventRow } from './match-trigger-events.ts';

/** An automation with what only the server sees: its webhook secret and its first event row. */
export interface StoredAutomation {
  automation: TAutomation;
  webhookSecret: string;
  /** The first events rowid it may trigger on (events loaded after it was switched on). */
  eventsFrom: number;
}

/** A run to start, with its first step (null: nothing to do). */
export interface NewRun {
  workspaceId: string;
  automationId: string;
  customerId: string;
  triggerKey: string;
  trigger: TTriggerEvent;
  definition: TStep[];
  mode: 'live' | 'test';
  firstStep: { path: string; type: string; dueAt: Date; detail?: Record<string, unknown> } | null;
  now: Date;
}

/** A pending step that the scheduler took, with what executing it needs. */
export interface ClaimedStep {
  stepId: string;
  runId: string;
  workspaceId: string;
  automationId: string;
  customerId: string;
  path: string;
  type: string;
  attempts: number;
  dueAt: string;
  detail: Record<string, unknown>;
  definition: TStep[];
  trigger: TTriggerEvent;
  mode: 'live' | 'test';
}

/** The next step to schedule after one finished. */
export interface NextStep {
  path: string;
  type: string;
  dueAt: Date;
  detail?: Record<string, unknown>;
}

/** A change to a customer's traits made in the same transaction as its step's completion. */
export type TraitEffect =
  | { kind: 'set'; trait: string; value: unknown }
  | { kind: 'tag'; tag: string };

export interface StepCompletion {
  stepId: string;
  status: 'done' | 'skipped' | 'failed';
  detail: Record<string, unknown>;
  now: Date;
  /** The step after it; null ends the run (done, or failed when the step failed). */
  next: NextStep | null;
  traits?: { workspaceId: string; customerId: string; effect: TraitEffect };
  /** A message sent by this step, recorded as sent with its idempotency key. */
  message?: { key: string; channel: string };
  deadLetter?: { kind: string; target: string; payload: string; error: string };
}

export interface RunWithSteps extends TAutomationRun {
  steps: TRunStep[];
}

export interface RunQuery {
  automationId?: string;
  customerId?: string;
  status?: TAutomationRun['status'];
  mode?: TAutomationRun['mode'];
  limit: number;
  offset: number;
}

/**
 * The automation engine's tables: automations, settings, runs and their durable steps, sent
 * markers, unsubscribes and dead letters, plus the scans that evaluate triggers. Every method
 * that takes a workspace id is scoped to it; ids of another workspace behave as missing.
 */
export interface AutomationRepo {
  getSettings(workspaceId: string): Promise<TAutomationSettings>;
  /** Saves the settings; the time zone is the workspace's own (it is updated too). */
  saveSettings(workspaceId: string, settings: TAutomationSettings): Promise<TAutomationSettings>;

  /** Inserts a validated automation; `eventsFrom` is where its event triggers start. */
  insertAutomation(doc: TAutomation, webhookSecret: string, eventsFrom: number): Promise<void>;
  getAutomation(workspaceId: string, id: string): Promise<StoredAutomation | undefined>;
  listAutomations(workspaceId: string): Promise<StoredAutomation[]>;
  /** Every enabled automation of every workspace (what the engine evaluates). */
  listEnabledAutomations(): Promise<StoredAutomation[]>;
  replaceAutomation(
    doc: TAutomation,
    changes?: { webhookSecret?: string; eventsFrom?: number },
  ): Promise<void>;
  /** Deletes an automation and cancels its active runs (their pending steps are dropped). */
  deleteAutomation(workspaceId: string, id: string, now: Date): Promise<boolean>;

  /** One past the highest events rowid: where a newly enabled automation starts reading. */
  eventsEnd(): Promise<number>;
  readCursor(name: string): Promise<number | undefined>;
  writeCursor(name: string, position: number): Promise<void>;
  readState<T>(automationId: string, key: string): Promise<T | undefined>;
  writeState(automationId: string, key: string, value: unknown): Promise<void>;

  matchTriggerEvents(p: MatchTriggerEventsParams): Promise<TriggerEventRow[]>;
  findSilences(p: FindSilencesParams): Promise<TriggerEventRow[]>;
  listSegmentCustomers(workspaceId: string, segment: TSegmentRule | null): Promise<string[]>;
  listSegmentMembers(automationId: string): Promise<string[]>;
  /** Records who entered (added) and who left (removed) the segment. */
  updateSegmentMembers(
    automationId: string,
    added: readonly string[],
    removed: readonly string[],
    now: Date,
  ): Promise<void>;
  customerJourneyFacts(p: JourneyFactsParams): Promise<JourneyFacts>;
  /** A customer's canonical id, traits and email (trait `email`, else an email identity). */
  customerProfile(
    workspaceId: string,
    customerId: string,
  ): Promise<
    { customerId: string; traits: Record<string, unknown>; email: string | null } | undefined
  >;

  /** Starts a run with its first step; undefined when this trigger already started one. */
  startRun(run: NewRun): Promise<string | undefined>;
  listRuns(
    workspaceId: string,
    query: RunQuery,
  ): Promise<{ total: number; items: TAutomationRun[] }>;
  getRun(workspaceId: string, runId: string): Promise<RunWithSteps | undefined>;

  /** Frees the leases that another (dead) process held, so their steps run again now. */
  releaseForeignLeases(owner: string): Promise<number>;
  /**
   * Takes up to `limit` pending steps that are due, of live runs of enabled automations (or of
   * one run, when `runId` is given), under a lease until `leaseUntil`. Earliest due first.
   */
  claimDueSteps(
    now: Date,
    owner: string,
    leaseUntil: Date,
    limit: number,
    runId?: string,
  ): Promise<ClaimedStep[]>;
  /** Finishes a step in one transaction with its effects, its next step or the run's end. */
  completeStep(c: StepCompletion): Promise<void>;
  /** Puts a step back to pending at a later time (deferral or retry), lease released. */
  rescheduleStep(
    stepId: string,
    change: { dueAt: Date; attempts: number; detail: Record<string, unknown> },
  ): Promise<void>;
  /** The earliest due time of a pending step, if any (for the scheduler's sleep). */
  nextDueAt(): Promise<Date | undefined>;

  /** The state of a message by its idempotency key: sending (a crash may have cut it) or sent. */
  messageState(key: string): Promise<'sending' | 'sent' | undefined>;
  /** Writes the marker before a message goes out (kept as `sending` if the process dies). */
  markMessageSending(m: {
    key: string;
    workspaceId: string;
    customerId: string;
    automationId: string;
    runId: string;
    channel: string;
    now: Date;
  }): Promise<void>;
  /** Live messages to a customer since an instant (what the daily cap counts). */
  countMessagesSince(workspaceId: string, customerId: string, since: Date): Promise<number>;

  isUnsubscribed(workspaceId: string, customerId: string): Promise<boolean>;
  unsubscribe(workspaceId: string, customerId: string, now: Date): Promise<void>;

  listDeadLetters(
    workspaceId: string,
    query: { automationId?: string; limit: number; offset: number },
  ): Promise<{ total: number; items: TDeadLetter[] }>;
  /**
   * Puts a dead letter's step back to pending, due now, with its attempts reset; its run becomes
   * active again (its id is returned). Undefined when there is no such dead letter; false when it
   * was retried already.
   */
  retryDeadLetter(
    workspaceId: string,
    id: string,
    now: Date,
  ): Promise<{ runId: string } | false | undefined>;

  /** Customers who went through an automation and those who qualified while it was off. */
  outcomeCounts(p: OutcomeParams): Promise<OutcomeCounts>;
}

export type { JourneyFacts, TMatchRule, TriggerEventRow };
