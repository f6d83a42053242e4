import { evaluateConditions, testValue } from '../core/automation/evaluate-conditions.ts';
import { narrowRules } from '../core/automation/narrow-rules.ts';
import { lastFiring } from '../core/automation/zoned-time.ts';
import type { TAutomation, TTriggerEvent } from '../core/schemas/automation.ts';
import type { TMatchRule, TPropertyCondition } from '../core/schemas/touchpoint.ts';
import { SURVEY_RESPONDED } from '../core/surveys/response-event.ts';
import type {
  StoredAutomation,
  TriggerEventRow,
} from '../store/queries/automations/automation-repo.ts';
import { conditionContext, dueOf, type EngineDeps } from './run-context.ts';

/** The name of the events cursor in automation_cursors. */
export const EVENTS_CURSOR = 'events';
/** How many event rows one pass reads at most. */
const WINDOW_ROWS = 50_000;

/**
 * The rules that say which events trigger an event or survey automation; undefined for the
 * other triggers, or when the touchpoint is gone. Extra property conditions are added to each of
 * the touchpoint's rules (AND), so an event must meet both.
 */
export async function triggerRules(
  deps: Pick<EngineDeps, 'store'>,
  a: TAutomation,
): Promise<TMatchRule[] | undefined> {
  const t = a.trigger;
  if (t.type === 'event') {
    const tp = await deps.store.getTouchpoint(a.workspaceId, t.touchpointId);
    if (!tp) return undefined;
    return narrowRules(tp.matchRules, t.event, t.properties ?? []);
  }
  if (t.type === 'survey_response') {
    const properties: TPropertyCondition[] = [{ key: 'score', op: 'exists' }];
    if (t.surveyId) properties.push({ key: 'survey_id', op: 'eq', value: t.surveyId });
    if (!t.kind) return [{ event: SURVEY_RESPONDED, properties }];
    // The surveys module names the kind `survey_kind`; responses sent by tracking code (the
    // demo's among them) often say `survey_type`.
    return ['survey_kind', 'survey_type'].map((key) => ({
      event: SURVEY_RESPONDED,
      properties: [...properties, { key, op: 'eq' as const, value: t.kind }],
    }));
  }
  return undefined;
}

/** Whether a survey response's score meets the trigger's condition (e.g. NPS ≤ 6). */
export function scoreMatches(a: TAutomation, properties: Record<string, unknown>): boolean {
  const t = a.trigger;
  if (t.type !== 'survey_response') return true;
  return testValue(properties.score, t.op, t.value);
}

const triggerOf = (row: TriggerEventRow): TTriggerEvent => ({
  messageId: row.messageId,
  event: row.event,
  timestamp: row.timestamp,
  properties: row.properties,
});

/**
 * Starts a live run for a customer who met the trigger, if they also meet the conditions. The
 * unique (automation, trigger key) makes a second start for the same trigger a no-op, so a pass
 * that a crash cut short can simply be done again. Returns whether a run started.
 */
export async function startRunIfQualified(
  deps: EngineDeps,
  stored: StoredAutomation,
  customerId: string,
  triggerKey: string,
  trigger: TTriggerEvent,
): Promise<boolean> {
  const a = stored.automation;
  const profile = await deps.repo.customerProfile(a.workspaceId, customerId);
  if (!profile) return false;
  if (a.conditions.conditions.length > 0) {
    const ctx = await conditionContext(deps, a.workspaceId, profile, trigger, [a.conditions]);
    if (!evaluateConditions(a.conditions, ctx)) return false;
  }
  const now = deps.now();
  const first = a.steps[0];
  const settings = await deps.repo.getSettings(a.workspaceId);
  const id = await deps.repo.startRun({
    workspaceId: a.workspaceId,
    automationId: a.id,
    customerId: profile.customerId,
    triggerKey,
    trigger,
    definition: a.steps,
    mode: 'live',
    firstStep: first ? { path: '0', type: first.type, ...dueOf(first, now, settings) } : null,
    now,
  });
  return id !== undefined;
}

/**
 * Where the events cursor starts when the database has none: at the first event an enabled
 * automation may trigger on, else at the end of the events table (automations react to events
 * loaded after they were switched on, never to history).
 */
export async function initialCursor(deps: EngineDeps): Promise<number> {
  const end = await deps.repo.eventsEnd();
  const froms = (await deps.repo.listEnabledAutomations()).map((s) => s.eventsFrom);
  return Math.min(end, ...froms);
}

/**
 * Reads the events loaded since the cursor, in windows of row ids, and starts the runs of event
 * and survey triggers. The cursor is advanced after each window, so a crash re-reads at most one
 * window (and finds its runs already started).
 */
export async function evaluateEventTriggers(deps: EngineDeps): Promise<number> {
  const end = await deps.repo.eventsEnd();
  let cursor = await deps.repo.readCursor(EVENTS_CURSOR);
  if (cursor === undefined) {
    cursor = await initialCursor(deps);
    await deps.repo.writeCursor(EVENTS_CURSOR, cursor);
  }
  if (cursor >= end) return 0;
  const automations = (await deps.repo.listEnabledAutomations()).filter(
    (s) => s.automation.trigger.type === 'event' || s.automation.trigger.type === 'survey_response',
  );
  const rules = new Map<string, TMatchRule[] | undefined>();
  for (const s of automations) rules.set(s.automation.id, await triggerRules(deps, s.automation));
  let started = 0;
  while (cursor < end) {
    const to = Math.min(end, cursor + WINDOW_ROWS);
    for (const s of automations) {
      const from = Math.max(cursor, s.eventsFrom);
      const r = rules.get(s.automation.id);
      if (!r || from >= to) continue;
      const rows = await deps.repo.matchTriggerEvents({
        workspaceId: s.automation.workspaceId,
        fromRowid: from,
        toRowid: to,
        rules: r,
      });
      for (const row of rows) {
        if (!scoreMatches(s.automation, row.properties)) continue;
        if (
          await startRunIfQualified(
            deps,
            s,
            row.customerId,
            `event:${row.messageId}`,
            triggerOf(row),
          )
        )
          started++;
      }
    }
    cursor = to;
    await deps.repo.writeCursor(EVENTS_CURSOR, cursor);
  }
  return started;
}

/** When the automation was last switched on (its current enabled period). */
const enabledSince = (a: TAutomation, fallback: Date) => {
  const from = a.enabledPeriods.at(-1)?.from;
  return from ? new Date(from) : fallback;
};

/**
 * A customer reached the touchpoint and then had no journey event for N days: silences that
 * completed since the last look (and after the automation was switched on) start runs, one per
 * touch.
 */
export async function evaluateSilence(deps: EngineDeps, s: StoredAutomation): Promise<number> {
  const a = s.automation;
  if (a.trigger.type !== 'silence') return 0;
  const now = deps.now();
  const tp = await deps.store.getTouchpoint(a.workspaceId, a.trigger.touchpointId);
  if (!tp) return 0;
  const journey = await deps.store.getJourney(a.workspaceId, tp.journeyId);
  const all = await deps.store.listTouchpoints(a.workspaceId, tp.journeyId);
  const checked = await deps.repo.readState<string>(a.id, 'silence_checked_until');
  const since = enabledSince(a, now);
  // An hour of overlap with the last look catches events loaded a little late; the unique
  // trigger key keeps those silences from starting twice.
  const completedFrom = checked
    ? new Date(Math.max(since.getTime(), new Date(checked).getTime() - 3_600_000))
    : since;
  const rows = await deps.repo.findSilences({
    workspaceId: a.workspaceId,
    touchRules: tp.matchRules,
    journeyRules: all.flatMap((t) => t.matchRules),
    goalEvent: journey?.goal?.event ?? null,
    days: a.trigger.days,
    completedFrom,
    now,
  });
  let started = 0;
  for (const row of rows) {
    if (
      await startRunIfQualified(deps, s, row.customerId, `silence:${row.messageId}`, triggerOf(row))
    )
      started++;
  }
  await deps.repo.writeState(a.id, 'silence_checked_until', now.toISOString());
  return started;
}

interface SegmentPass {
  at: string;
  added: string[];
  removed: string[];
}

/**
 * Customers who entered a persona's segment since the last look start runs. The first look only
 * records who is in it. A pass is written down before its runs start, so that after a crash the
 * same pass (same trigger keys) is finished rather than a new one computed.
 */
export async function evaluateSegment(deps: EngineDeps, s: StoredAutomation): Promise<number> {
  const a = s.automation;
  if (a.trigger.type !== 'segment_entered') return 0;
  const now = deps.now();
  let pass = await deps.repo.readState<SegmentPass | null>(a.id, 'segment_pass');
  if (!pass) {
    const persona = await deps.store.getPersona(a.workspaceId, a.trigger.personaId);
    if (!persona) return 0;
    const current = await deps.repo.listSegmentCustomers(a.workspaceId, persona.segment);
    const baseline = await deps.repo.readState<boolean>(a.id, 'segment_baseline');
    if (!baseline) {
      await deps.repo.updateSegmentMembers(a.id, current, [], now);
      await deps.repo.writeState(a.id, 'segment_baseline', true);
      return 0;
    }
    const members = new Set(await deps.repo.listSegmentMembers(a.id));
    const inNow = new Set(current);
    pass = {
      at: now.toISOString(),
      added: current.filter((c) => !members.has(c)),
      removed: [...members].filter((c) => !inNow.has(c)),
    };
    if (pass.added.length === 0 && pass.removed.length === 0) return 0;
    await deps.repo.writeState(a.id, 'segment_pass', pass);
  }
  let started = 0;
  const trigger: TTriggerEvent = {
    messageId: null,
    event: 'Segment Entered',
    timestamp: pass.at,
    properties: { persona_id: a.trigger.personaId },
  };
  for (const c of pass.added) {
    if (await startRunIfQualified(deps, s, c, `segment:${c}:${pass.at}`, trigger)) started++;
  }
  await deps.repo.updateSegmentMembers(a.id, pass.added, pass.removed, new Date(pass.at));
  await deps.repo.writeState(a.id, 'segment_pass', null);
  return started;
}

/**
 * A schedule fires once per occurrence, for every customer of its audience. The first look sets
 * the last occurrence before the automation was switched on as done, so nothing fires backwards.
 */
export async function evaluateSchedule(deps: EngineDeps, s: StoredAutomation): Promise<number> {
  const a = s.automation;
  const t = a.trigger;
  if (t.type !== 'schedule') return 0;
  const now = deps.now();
  const settings = await deps.repo.getSettings(a.workspaceId);
  const last = lastFiring(t, now, settings.timezone);
  const fired = await deps.repo.readState<string>(a.id, 'schedule_fired');
  if (!fired) {
    const before = lastFiring(t, enabledSince(a, now), settings.timezone);
    await deps.repo.writeState(a.id, 'schedule_fired', before.toISOString());
    if (last.getTime() <= before.getTime()) return 0;
  } else if (last.getTime() <= new Date(fired).getTime()) return 0;
  let segment = null;
  if (t.personaId) {
    const persona = await deps.store.getPersona(a.workspaceId, t.personaId);
    if (!persona) return 0;
    segment = persona.segment;
  }
  const audience = await deps.repo.listSegmentCustomers(a.workspaceId, segment);
  const at = last.toISOString();
  const trigger: TTriggerEvent = {
    messageId: null,
    event: 'Schedule',
    timestamp: at,
    properties: { scheduled_at: at },
  };
  let started = 0;
  for (const c of audience) {
    if (await startRunIfQualified(deps, s, c, `schedule:${at}:${c}`, trigger)) started++;
  }
  await deps.repo.writeState(a.id, 'schedule_fired', at);
  return started;
}
