import { createAutomation } from '../automation/manage-automations.ts';
import { DEMO_CONTACT_REASON_EXAMPLES } from '../core/demo/contact-reason-examples.ts';
import { demoAutomations } from '../core/demo/demo-automations.ts';
import { addDemoSurveys, DEMO_SURVEYS, type DemoSurveyKey } from '../core/demo/demo-surveys.ts';
import { DEMO_DISCLAIMER, generateDemoHistory } from '../core/demo/index.ts';
import { trainContactReasons } from '../core/listening/contact-reason-model.ts';
import { ZAutomationCreate } from '../core/schemas/automation.ts';
import type { TNormalizedEvent } from '../core/schemas/event.ts';
import { ZSurveyCreate } from '../core/schemas/survey.ts';
import type { TMatchRule } from '../core/schemas/touchpoint.ts';
import { expandJourneyTemplate, getJourneyTemplate } from '../core/templates/index.ts';
import type { Store } from '../store/port.ts';
import { createWorkspaceWithKeys, type WorkspaceWithKeys } from '../store/setup.ts';
import { normalizeEvent } from './segment/index.ts';

export const DEMO_WORKSPACE_NAME = 'Demo';
export const DEMO_SEED = 20_26;

/**
 * Creates the "Demo" workspace: the e-commerce journey template, a few personas and a seeded,
 * synthetic six-month event history (every event carries `properties.demo = true`).
 */
export async function seedDemo(
  store: Store,
  options: { now?: number; customers?: number } = {},
): Promise<WorkspaceWithKeys & { events: number; journeyId: string }> {
  const created = await createWorkspaceWithKeys(store, DEMO_WORKSPACE_NAME, { isDemo: true });
  const ws = created.workspace.id;
  const template = getJourneyTemplate('ecommerce-retail');
  if (!template) throw new Error('the ecommerce-retail template is missing');
  const blueprint = expandJourneyTemplate(template);
  blueprint.journey.description = `${blueprint.journey.description}\n\n${DEMO_DISCLAIMER}`;
  const journey = await store.createJourneyFromBlueprint(ws, blueprint);
  await store.createPersona(ws, {
    name: 'Loyal regular',
    description: 'Members of the loyalty programme who buy several times a year.',
    goals: ['Reorder favourites quickly', 'Get member perks'],
    frustrations: ['Slow delivery', 'Having to re-enter payment details'],
    segment: {
      match: 'all',
      conditions: [{ trait: 'loyaltyTier', op: 'in', value: ['silver', 'gold'] }],
    },
  });
  await store.createPersona(ws, {
    name: 'First-time buyer',
    description: 'New customers without a loyalty tier.',
    goals: ['Find the right product', 'Trust the shop'],
    frustrations: ['Surprise shipping costs', 'Unclear returns'],
    segment: {
      match: 'any',
      conditions: [
        { trait: 'loyaltyTier', op: 'not_exists' },
        { trait: 'loyaltyTier', op: 'eq', value: 'none' },
      ],
    },
  });

  const surveys = await createDemoSurveys(store, ws, journey.id);
  const now = options.now ?? Date.now();
  const generated = addDemoSurveys(
    generateDemoHistory({
      seed: DEMO_SEED,
      customers: options.customers ?? 3000,
      days: 180,
      end: now,
    }),
    { seed: DEMO_SEED, end: now, surveys },
  );
  const history = generated.history;
  let batch: TNormalizedEvent[] = [];
  let events = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await store.insertEvents(batch.map((event) => ({ workspaceId: ws, event })));
    events += batch.length;
    batch = [];
  };
  for (const payload of history) {
    const type = (payload as { type: TNormalizedEvent['type'] }).type;
    const result = normalizeEvent(type, payload, now);
    if (!result.ok)
      throw new Error(`demo generator produced an invalid event: ${result.error.message}`);
    batch.push(result.event);
    if (batch.length >= 10_000) await flush();
  }
  await flush();
  await importDemoSurveyHistory(store, ws, surveys, generated.records);
  // Contact reasons at the support touchpoints: a model trained on the demo's labelled examples
  // (its texts are classified, and scored for sentiment, in the background).
  await store
    .listening()
    .saveContactReasonModel(ws, trainContactReasons(DEMO_CONTACT_REASON_EXAMPLES));
  await createDemoAutomations(store, ws, journey.id, surveys['post-delivery-csat'].surveyId);
  return { ...created, events, journeyId: journey.id };
}

/** A rule that gives a touchpoint the survey events that name it (`properties.touchpoint_id`). */
const surveyEventsOf = (touchpointId: string): TMatchRule => ({
  event: 'Survey *',
  properties: [{ key: 'touchpoint_id', op: 'eq', value: touchpointId }],
});

/**
 * Creates the demo's surveys at their template touchpoints. Survey events then count at the
 * touchpoint they name: the template's catch-all `Survey Shown` / `Survey Responded` rules (which
 * would give every survey's events to the post-delivery touchpoint, first in map order) give way
 * to one rule per surveyed touchpoint on `properties.touchpoint_id`.
 */
async function createDemoSurveys(store: Store, ws: string, journeyId: string) {
  const touchpoints = await store.listTouchpoints(ws, journeyId);
  const ids = {} as Record<DemoSurveyKey, { surveyId: string; touchpointId: string }>;
  for (const spec of DEMO_SURVEYS) {
    const tp = touchpoints.find((t) => t.name === spec.touchpointName);
    if (!tp) throw new Error(`the demo journey has no touchpoint ${spec.touchpointName}`);
    const survey = await store.createSurvey(
      ws,
      ZSurveyCreate.parse({ ...spec.survey, touchpointId: tp.id }),
    );
    ids[spec.key] = { surveyId: survey!.id, touchpointId: tp.id };
  }
  const surveyed = new Set(Object.values(ids).map((s) => s.touchpointId));
  for (const tp of touchpoints) {
    const kept = tp.matchRules.filter(
      (r) =>
        !(
          Object.keys(r).length === 1 &&
          (r.event === 'Survey Shown' || r.event === 'Survey Responded')
        ),
    );
    if (!surveyed.has(tp.id) && kept.length === tp.matchRules.length) continue;
    await store.updateTouchpoint(ws, tp.id, {
      matchRules: surveyed.has(tp.id) ? [surveyEventsOf(tp.id), ...kept] : kept,
    });
  }
  return ids;
}

/** Stores the demo's invitations and answers, each under the customer its ids now resolve to. */
async function importDemoSurveyHistory(
  store: Store,
  ws: string,
  surveys: Record<DemoSurveyKey, { surveyId: string; touchpointId: string }>,
  records: ReturnType<typeof addDemoSurveys>['records'],
) {
  const customers = new Map<string, string | undefined>();
  const customerOf = async (ids: { userId?: string; anonymousId?: string }) => {
    const key = ids.userId ? `u:${ids.userId}` : `a:${ids.anonymousId}`;
    if (!customers.has(key)) {
      customers.set(
        key,
        await store.findCustomer(
          ws,
          ids.userId
            ? { kind: 'user_id', value: ids.userId }
            : { kind: 'anonymous_id', value: ids.anonymousId ?? '' },
        ),
      );
    }
    return customers.get(key);
  };
  const invitations = [];
  const responses = [];
  for (const r of records) {
    const customerId = await customerOf(r.ids);
    if (!customerId) continue;
    const { surveyId, touchpointId } = surveys[r.key];
    invitations.push({
      nonce: r.nonce,
      surveyId,
      touchpointId,
      customerId,
      channel: r.channel,
      createdAt: new Date(r.invitedAt),
      expiresAt: new Date(r.invitedAt + (r.channel === 'widget' ? 1 : 14) * 86_400_000),
    });
    if (r.response) {
      responses.push({
        id: r.response.id,
        nonce: r.nonce,
        surveyId,
        touchpointId,
        customerId,
        answers: r.response.answers,
        score: r.response.score,
        comment: r.response.comment,
        channel: r.channel,
        createdAt: new Date(r.response.at),
      });
    }
  }
  await store.importSurveyHistory(ws, { invitations, responses });
}

/**
 * The demo's automations, made after its history is loaded: they react to what happens from
 * then on, never to the synthetic past.
 */
async function createDemoAutomations(
  store: Store,
  ws: string,
  journeyId: string,
  postDeliverySurveyId: string,
) {
  const touchpoints = await store.listTouchpoints(ws, journeyId);
  const idOf = (name: string) => {
    const tp = touchpoints.find((t) => t.name === name);
    if (!tp) throw new Error(`the demo journey has no touchpoint ${name}`);
    return tp.id;
  };
  const refs = {
    orderConfirmationId: idOf('Order confirmation and thank-you email'),
    postDeliveryId: idOf('Post-delivery survey'),
    postDeliverySurveyId,
    supportChatId: idOf('Support chat'),
  };
  for (const input of demoAutomations(refs))
    await createAutomation(store, ws, ZAutomationCreate.parse(input), new Date());
}
