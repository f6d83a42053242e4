import {
  getJourneyMap,
  listCustomers,
  listJourneys,
  listMembers,
  listPersonas,
  listRecentEvents,
  listSurveys,
} from '../api.ts';
import type { JourneyMap, Member, Persona, StoredEvent, Survey } from '../types.ts';
import type { Names } from './describe.ts';
import type { DraftDefaults } from './draft.ts';
import { collectTraitKeys } from './placeholders.ts';

/**
 * What the builder names and picks from: journeys with their touchpoints, personas, surveys and
 * members; plus the trait names and recent events the placeholder helper lists.
 */
export interface BuilderRefs {
  journeys: JourneyMap[];
  personas: Persona[];
  surveys: Survey[];
  members: Member[];
  traitKeys: string[];
  events: StoredEvent[];
}

/** Loads the builder's references in parallel (one request per journey for its touchpoints). */
export async function loadBuilderRefs(signal: AbortSignal): Promise<BuilderRefs> {
  const [journeys, personas, surveys, members, customers, events] = await Promise.all([
    listJourneys(signal).then((list) => Promise.all(list.map((j) => getJourneyMap(j.id, signal)))),
    listPersonas(signal),
    // Surveys, members, customers and events only enrich the form: a failure leaves them out
    // (members are listed to owners only; others pick no task owner).
    listSurveys(signal).catch(() => [] as Survey[]),
    listMembers(signal).catch(() => [] as Member[]),
    listCustomers({ limit: 50 }, signal).catch(() => ({ total: 0, items: [] })),
    listRecentEvents(200, signal).catch(() => [] as StoredEvent[]),
  ]);
  return {
    journeys,
    personas,
    surveys,
    members,
    traitKeys: collectTraitKeys(customers.items),
    events,
  };
}

/** Names by id, for the sentences that describe triggers, conditions and steps. */
export function namesOf(refs: BuilderRefs | undefined): Names {
  const touchpoints = new Map<string, string>();
  for (const j of refs?.journeys ?? [])
    for (const t of j.touchpoints) touchpoints.set(t.id, t.name);
  const find = <T extends { id: string; name: string }>(list: readonly T[] | undefined) => {
    return (id: string) => list?.find((x) => x.id === id)?.name;
  };
  return {
    touchpoint: (id) => touchpoints.get(id),
    persona: find(refs?.personas),
    survey: find(refs?.surveys),
    journey: find(refs?.journeys),
  };
}

/** The first of each list: what a new trigger, condition or step starts with. */
export function defaultsOf(refs: BuilderRefs | undefined): DraftDefaults {
  return {
    touchpointId: refs?.journeys.flatMap((j) => j.touchpoints)[0]?.id,
    personaId: refs?.personas[0]?.id,
    surveyId: refs?.surveys[0]?.id,
    journeyId: refs?.journeys[0]?.id,
  };
}

/** A touchpoint with its match rules, by id. */
export function touchpointOf(refs: BuilderRefs | undefined, id: string | undefined) {
  if (!id) return undefined;
  for (const j of refs?.journeys ?? []) {
    const t = j.touchpoints.find((x) => x.id === id);
    if (t) return t;
  }
  return undefined;
}
