import { DEMO_DISCLAIMER, generateDemoHistory } from '../core/demo/index.ts';
import type { TNormalizedEvent } from '../core/schemas/event.ts';
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

  const now = options.now ?? Date.now();
  const history = generateDemoHistory({
    seed: DEMO_SEED,
    customers: options.customers ?? 3000,
    days: 180,
    end: now,
  });
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
  return { ...created, events, journeyId: journey.id };
}
