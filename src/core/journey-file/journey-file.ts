import { z } from 'zod';
import { type TJourney, type TStage, ZJourneyCreate, ZStageCreate } from '../schemas/journey.ts';
import { type TPersona, ZPersonaCreate } from '../schemas/persona.ts';
import { type TTouchpoint, ZTouchpointCreate } from '../schemas/touchpoint.ts';

/** What a journey file says it is, so that an import can refuse anything else clearly. */
export const JOURNEY_FILE_FORMAT = 'waymark.journey';
export const JOURNEY_FILE_VERSION = 1;

const ZFileTouchpoint = ZTouchpointCreate.omit({ stageId: true, position: true });
const ZFileStage = ZStageCreate.omit({ position: true }).extend({
  touchpoints: z.array(ZFileTouchpoint).max(500).default([]),
});

/**
 * A journey as a portable file: its definition, stages in order with their lanes, touchpoints in
 * map order with their match rules, four keys and KPI targets, and the personas it is for
 * (by value, since ids mean nothing in another workspace). Measured data is not part of it.
 */
export const ZJourneyFile = z.object({
  format: z.literal(JOURNEY_FILE_FORMAT).meta({ description: `Always "${JOURNEY_FILE_FORMAT}"` }),
  version: z.literal(JOURNEY_FILE_VERSION),
  exportedAt: z.string().optional(),
  journey: ZJourneyCreate.omit({ personaIds: true }),
  personas: z.array(ZPersonaCreate).max(50).default([]),
  stages: z.array(ZFileStage).max(100),
});
export type TJourneyFile = z.infer<typeof ZJourneyFile>;

/**
 * The file of a journey. Stages and touchpoints are taken in the order given (map order);
 * personas are the journey's own, in its order.
 *
 * @example buildJourneyFile(journey, stages, touchpoints, personas, new Date()).stages[0].name
 */
export function buildJourneyFile(
  journey: TJourney,
  stages: readonly TStage[],
  touchpoints: readonly TTouchpoint[],
  personas: readonly TPersona[],
  now: Date,
): TJourneyFile {
  const byId = new Map(personas.map((p) => [p.id, p]));
  return {
    format: JOURNEY_FILE_FORMAT,
    version: JOURNEY_FILE_VERSION,
    exportedAt: now.toISOString(),
    journey: {
      name: journey.name,
      description: journey.description,
      goal: journey.goal,
      settings: journey.settings,
    },
    personas: journey.personaIds
      .map((id) => byId.get(id))
      .filter((p): p is TPersona => p !== undefined)
      .map((p) => ({
        name: p.name,
        description: p.description,
        goals: p.goals,
        frustrations: p.frustrations,
        segment: p.segment,
      })),
    stages: stages.map((s) => ({
      name: s.name,
      lanes: s.lanes,
      touchpoints: touchpoints
        .filter((t) => t.stageId === s.id)
        .map((t) => ({
          name: t.name,
          description: t.description,
          channel: t.channel,
          phase: t.phase,
          owner: t.owner,
          designedMarker: t.designedMarker,
          keys: t.keys,
          kpis: t.kpis,
          matchRules: t.matchRules,
        })),
    })),
  };
}

/** Which of a file's personas exist in the target workspace already (same name, any case). */
export function planPersonas(file: TJourneyFile, existing: readonly TPersona[]) {
  const byName = new Map(existing.map((p) => [p.name.trim().toLowerCase(), p]));
  return file.personas.map((p) => ({
    persona: p,
    existing: byName.get(p.name.trim().toLowerCase()),
  }));
}
