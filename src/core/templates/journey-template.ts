import { z } from 'zod';
import { ZGoal, ZJourneySettings, ZStageLanes } from '../schemas/journey.ts';
import { ZDesignedMarker, ZKpiTarget, ZMatchRule, ZPhase } from '../schemas/touchpoint.ts';
import { ZTemplateKey } from './touchpoint-template.ts';

/**
 * A touchpoint placed on a template stage: a catalog key plus whatever this journey does
 * differently. Anything left out comes from the catalog entry.
 */
export const ZJourneyTemplateTouchpoint = z.object({
  templateKey: ZTemplateKey.meta({ description: 'Key of a TOUCHPOINT_CATALOG entry' }),
  name: z.string().min(1).max(200).optional(),
  description: z.string().max(5000).optional(),
  phase: ZPhase.optional(),
  owner: z.string().max(200).optional(),
  designedMarker: ZDesignedMarker.optional(),
  kpis: z.array(ZKpiTarget).max(20).optional(),
  matchRules: z.array(ZMatchRule).min(1).max(50).optional(),
  checklist: z.array(z.string().min(1).max(300)).min(1).max(10).optional(),
});
export type TJourneyTemplateTouchpoint = z.infer<typeof ZJourneyTemplateTouchpoint>;

export const ZJourneyTemplateStage = z.object({
  name: z.string().min(1).max(200),
  lanes: ZStageLanes,
  touchpoints: z.array(ZJourneyTemplateTouchpoint).max(50),
});
export type TJourneyTemplateStage = z.infer<typeof ZJourneyTemplateStage>;

/** A ready-made journey: ordered stages with their lanes and touchpoints, a goal and settings. */
export const ZJourneyTemplate = z.object({
  key: ZTemplateKey,
  name: z.string().min(1).max(200),
  description: z.string().max(5000),
  goal: ZGoal,
  settings: ZJourneySettings,
  stages: z.array(ZJourneyTemplateStage).min(1).max(30),
});
export type TJourneyTemplate = z.infer<typeof ZJourneyTemplate>;
