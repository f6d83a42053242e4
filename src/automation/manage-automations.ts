import { newWebhookSecret } from '../core/automation/signatures.ts';
import { invalid } from '../core/errors.ts';
import { newId } from '../core/ids.ts';
import {
  type TAutomation,
  type TAutomationCreate,
  type TAutomationPatch,
  type TConditionSet,
  type TStep,
  ZAutomation,
} from '../core/schemas/automation.ts';
import type { Store } from '../store/port.ts';
import type { StoredAutomation } from '../store/queries/automations/automation-repo.ts';

interface Problem {
  path: string;
  message: string;
}

/**
 * Checks that every id an automation names is in the workspace: touchpoints, personas, journeys,
 * task owners (members). Answers a 400 naming each field that is not, as the schema errors do.
 */
export async function checkReferences(
  store: Store,
  workspaceId: string,
  a: Pick<TAutomation, 'trigger' | 'conditions' | 'steps' | 'journeyId'>,
  where = 'body',
): Promise<void> {
  const problems: Problem[] = [];
  const touchpoint = async (id: string, path: string) => {
    if (!(await store.getTouchpoint(workspaceId, id)))
      problems.push({ path, message: `touchpoint ${id} not found` });
  };
  const journey = async (id: string, path: string) => {
    if (!(await store.getJourney(workspaceId, id)))
      problems.push({ path, message: `journey ${id} not found` });
  };
  const persona = async (id: string, path: string) => {
    if (!(await store.getPersona(workspaceId, id)))
      problems.push({ path, message: `persona ${id} not found` });
  };
  const survey = async (id: string, path: string) => {
    if (!(await store.getSurvey(workspaceId, id)))
      problems.push({ path, message: `survey ${id} not found` });
  };
  const t = a.trigger;
  if (t.type === 'survey_response' && t.surveyId)
    await survey(t.surveyId, `${where}.trigger.surveyId`);
  if (t.type === 'event' || t.type === 'silence')
    await touchpoint(t.touchpointId, `${where}.trigger.touchpointId`);
  if (t.type === 'segment_entered') await persona(t.personaId, `${where}.trigger.personaId`);
  if (t.type === 'schedule' && t.personaId)
    await persona(t.personaId, `${where}.trigger.personaId`);
  if (a.journeyId) await journey(a.journeyId, `${where}.journeyId`);
  const conditions = async (set: TConditionSet, path: string) => {
    for (const [i, c] of set.conditions.entries()) {
      if (c.type === 'touchpoint')
        await touchpoint(c.touchpointId, `${path}.conditions.${i}.touchpointId`);
      if (c.type === 'goal') await journey(c.journeyId, `${path}.conditions.${i}.journeyId`);
    }
  };
  await conditions(a.conditions, `${where}.conditions`);
  const members = new Set((await store.listMembers(workspaceId)).map((m) => m.userId));
  const steps = async (list: readonly TStep[], path: string) => {
    for (const [i, s] of list.entries()) {
      const p = `${path}.${i}`;
      if (s.type === 'task') {
        await touchpoint(s.touchpointId, `${p}.touchpointId`);
        if (s.ownerId && !members.has(s.ownerId))
          problems.push({ path: `${p}.ownerId`, message: 'not a member of this workspace' });
      }
      if (s.type === 'survey') await survey(s.surveyId, `${p}.surveyId`);
      if (s.type === 'branch') {
        await conditions(s.if, `${p}.if`);
        await steps(s.yes, `${p}.yes`);
        await steps(s.no, `${p}.no`);
      }
    }
  };
  await steps(a.steps, `${where}.steps`);
  if (problems.length > 0) {
    throw invalid(
      `invalid ${where}: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      problems,
    );
  }
}

/**
 * Creates an automation with a fresh webhook secret. Its event triggers start at the current end
 * of the events table: it reacts to what happens from now on.
 */
export async function createAutomation(
  store: Store,
  workspaceId: string,
  input: TAutomationCreate,
  now: Date,
): Promise<StoredAutomation> {
  const doc = ZAutomation.parse({
    ...input,
    id: newId('aut'),
    workspaceId,
    enabledPeriods: input.enabled ? [{ from: now.toISOString(), to: null }] : [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  });
  await checkReferences(store, workspaceId, doc);
  const repo = store.automations();
  const webhookSecret = newWebhookSecret();
  const eventsFrom = await repo.eventsEnd();
  await repo.insertAutomation(doc, webhookSecret, eventsFrom);
  return { automation: doc, webhookSecret, eventsFrom };
}

/**
 * Applies a patch. Switching on opens an enabled period, moves the start of event triggers to the
 * end of the events table and forgets the periodic triggers' state (a segment is looked at afresh,
 * a schedule does not fire backwards); switching off closes the period. Runs under way keep their
 * own copy of the steps.
 */
export async function updateAutomation(
  store: Store,
  current: StoredAutomation,
  patch: TAutomationPatch,
  now: Date,
  options: { rotateSecret?: boolean } = {},
): Promise<StoredAutomation> {
  const cur = current.automation;
  const defined = Object.fromEntries(
    Object.entries(patch).filter(([, v]) => v !== undefined),
  ) as Partial<TAutomation>;
  const at = now.toISOString();
  let periods = cur.enabledPeriods;
  const enabling = defined.enabled === true && !cur.enabled;
  if (enabling) periods = [...periods, { from: at, to: null }];
  if (defined.enabled === false && cur.enabled)
    periods = periods.map((p) => (p.to === null ? { ...p, to: at } : p));
  const next = ZAutomation.parse({ ...cur, ...defined, enabledPeriods: periods, updatedAt: at });
  await checkReferences(store, cur.workspaceId, next);
  const repo = store.automations();
  const changes: { webhookSecret?: string; eventsFrom?: number } = {};
  if (options.rotateSecret) changes.webhookSecret = newWebhookSecret();
  if (enabling) {
    changes.eventsFrom = await repo.eventsEnd();
    for (const key of [
      'segment_baseline',
      'segment_pass',
      'schedule_fired',
      'silence_checked_until',
    ])
      await repo.writeState(cur.id, key, null);
  }
  await repo.replaceAutomation(next, changes);
  return {
    automation: next,
    webhookSecret: changes.webhookSecret ?? current.webhookSecret,
    eventsFrom: changes.eventsFrom ?? current.eventsFrom,
  };
}
