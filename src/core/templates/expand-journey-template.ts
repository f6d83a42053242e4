import { invalid } from '../errors.ts';
import type { TJourneyCreate, TStageCreate } from '../schemas/journey.ts';
import type { TTouchpointCreate } from '../schemas/touchpoint.ts';
import { getTouchpointTemplate } from './catalog.ts';
import type { TJourneyTemplate } from './journey-template.ts';

/** A touchpoint ready to be created once its stage exists, with where it came from. */
export type TExpandedTouchpoint = Omit<TTouchpointCreate, 'stageId'> & {
  templateKey: string;
  checklist: string[];
};

/** The plain creation payloads for one journey template, in order. */
export interface TExpandedJourney {
  journey: TJourneyCreate;
  stages: Array<{ stage: TStageCreate; touchpoints: TExpandedTouchpoint[] }>;
}

/**
 * Turns a journey template into the payloads that create it: the journey, then each stage with
 * its touchpoints. Each touchpoint takes its catalog entry and applies the template's overrides.
 * Everything returned is a fresh copy, so callers may change it freely. Stage and touchpoint
 * positions are explicit (0-based), so rows keep the template's order.
 *
 * @throws AppError `invalid` when a touchpoint names a key that is not in the catalog.
 * @example
 * const { journey, stages } = expandJourneyTemplate(getJourneyTemplate('ecommerce-retail')!);
 * journey.goal; // { event: 'Order Completed', valueProperty: 'revenue' }
 * stages[2].touchpoints[1].templateKey; // 'checkout-flow'
 */
export function expandJourneyTemplate(template: TJourneyTemplate): TExpandedJourney {
  const unknown = template.stages
    .flatMap((s) => s.touchpoints.map((t) => t.templateKey))
    .filter((key) => getTouchpointTemplate(key) === undefined);
  if (unknown.length > 0) {
    throw invalid(`journey template ${template.key} names unknown touchpoint templates`, {
      keys: [...new Set(unknown)],
    });
  }

  const journey: TJourneyCreate = {
    name: template.name,
    description: template.description,
    goal: { ...template.goal },
    settings: { ...template.settings },
  };

  const stages = template.stages.map((stage, stagePosition) => ({
    stage: {
      name: stage.name,
      position: stagePosition,
      lanes: structuredClone(stage.lanes),
    } satisfies TStageCreate,
    touchpoints: stage.touchpoints.map((placed, position): TExpandedTouchpoint => {
      const base = getTouchpointTemplate(placed.templateKey)!;
      return {
        templateKey: base.key,
        position,
        name: placed.name ?? base.name,
        description: placed.description ?? base.description,
        channel: base.channel,
        phase: placed.phase ?? base.phase,
        owner: placed.owner ?? base.owner,
        designedMarker: placed.designedMarker ?? base.designedMarker,
        kpis: structuredClone(placed.kpis ?? base.kpis),
        matchRules: structuredClone(placed.matchRules ?? base.matchRules),
        checklist: [...(placed.checklist ?? base.checklist)],
      };
    }),
  }));

  return { journey, stages };
}
