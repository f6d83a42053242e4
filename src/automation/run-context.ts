import {
  type ConditionContext,
  journeyFactsNeeded,
} from '../core/automation/evaluate-conditions.ts';
import { unsubscribeToken } from '../core/automation/signatures.ts';
import { waitEnd } from '../core/automation/zoned-time.ts';
import type {
  TAutomationSettings,
  TConditionSet,
  TStep,
  TTriggerEvent,
} from '../core/schemas/automation.ts';
import type { TMatchRule } from '../core/schemas/touchpoint.ts';
import type { Store } from '../store/port.ts';
import type { AutomationRepo } from '../store/queries/automations/automation-repo.ts';

/** What the engine's parts share: the store, its automation tables, time and configuration. */
export interface EngineDeps {
  store: Store;
  repo: AutomationRepo;
  now: () => Date;
  /** Where customers reach this server (unsubscribe links). */
  publicUrl: () => string;
  /** Signs unsubscribe links. */
  secret: string;
}

/** The customer a run is about, as templates and conditions see them. */
export interface Profile {
  customerId: string;
  traits: Record<string, unknown>;
  email: string | null;
}

/** The unsubscribe link of a customer (a signed token: no database row behind it). */
export function unsubscribeUrl(deps: EngineDeps, workspaceId: string, customerId: string) {
  return `${deps.publicUrl()}/unsubscribe/${unsubscribeToken(deps.secret, { workspaceId, customerId })}`;
}

/**
 * The values templates can use: `traits.*`, `customer.id`, `customer.email`, `event.name`,
 * `event.properties.*`, `event.timestamp`, `automation.id`, `automation.name`, `run.id` and
 * `unsubscribe_url`.
 */
export function templateContext(
  deps: EngineDeps,
  input: {
    workspaceId: string;
    profile: Profile;
    trigger: TTriggerEvent;
    automation: { id: string; name: string };
    runId: string;
  },
) {
  return {
    traits: input.profile.traits,
    customer: { id: input.profile.customerId, email: input.profile.email },
    event: {
      name: input.trigger.event,
      message_id: input.trigger.messageId,
      timestamp: input.trigger.timestamp,
      properties: input.trigger.properties,
    },
    automation: input.automation,
    run: { id: input.runId },
    unsubscribe_url: unsubscribeUrl(deps, input.workspaceId, input.profile.customerId),
  };
}

/**
 * What conditions are checked against: the customer's traits now, the trigger's properties, and
 * the journey facts the conditions ask about (looked up only when asked).
 */
export async function conditionContext(
  deps: EngineDeps,
  workspaceId: string,
  profile: Profile,
  trigger: TTriggerEvent,
  sets: readonly TConditionSet[],
): Promise<ConditionContext> {
  const needed = journeyFactsNeeded(sets);
  const touchpoints: Array<{ id: string; rules: readonly TMatchRule[] }> = [];
  for (const id of needed.touchpointIds) {
    const tp = await deps.store.getTouchpoint(workspaceId, id);
    if (tp) touchpoints.push({ id, rules: tp.matchRules });
  }
  const goals: Array<{ journeyId: string; event: string }> = [];
  for (const id of needed.journeyIds) {
    const journey = await deps.store.getJourney(workspaceId, id);
    if (journey?.goal) goals.push({ journeyId: id, event: journey.goal.event });
  }
  const facts =
    touchpoints.length + goals.length > 0
      ? await deps.repo.customerJourneyFacts({
          workspaceId,
          customerId: profile.customerId,
          touchpoints,
          goals,
        })
      : { reachedTouchpoints: new Set<string>(), reachedGoals: new Set<string>() };
  return {
    traits: profile.traits,
    eventProperties: trigger.properties,
    reachedTouchpoints: facts.reachedTouchpoints,
    reachedGoals: facts.reachedGoals,
  };
}

/**
 * When a step reached at `now` is due: a wait at its end (in the workspace's time zone and
 * business hours), anything else at once. In a test run waits end at once.
 */
export function dueOf(
  step: TStep,
  now: Date,
  settings: TAutomationSettings,
  test = false,
): { dueAt: Date; detail?: Record<string, unknown> } {
  if (step.type !== 'wait') return { dueAt: now };
  if (test) return { dueAt: now, detail: { skipped: 'waits end at once in a test run' } };
  const until = waitEnd(now, step, settings);
  return { dueAt: until, detail: { waitUntil: until.toISOString() } };
}
