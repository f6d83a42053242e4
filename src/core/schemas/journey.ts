import { z } from 'zod';
import { toPatchSchema, ZId } from './common.ts';

/** The lanes of a stage, as on a journey-map canvas. */
export const ZStageLanes = z.object({
  actions: z.array(z.string().max(1000)).max(100).default([]),
  thoughts: z.array(z.string().max(1000)).max(100).default([]),
  emotion: z.number().min(-2).max(2).default(0).meta({ description: 'Designed emotion, -2..+2' }),
  painPoints: z.array(z.string().max(1000)).max(100).default([]),
  opportunities: z.array(z.string().max(1000)).max(100).default([]),
});
export type TStageLanes = z.infer<typeof ZStageLanes>;

export const ZStage = z.object({
  id: ZId,
  journeyId: ZId,
  name: z.string().min(1).max(200),
  position: z.number().int().min(0),
  lanes: ZStageLanes,
});
export type TStage = z.infer<typeof ZStage>;

export const ZStageCreate = z.object({
  name: z.string().min(1).max(200),
  position: z.number().int().min(0).optional().meta({ description: 'Default: after the last' }),
  lanes: ZStageLanes.default({
    actions: [],
    thoughts: [],
    emotion: 0,
    painPoints: [],
    opportunities: [],
  }),
});
export type TStageCreate = z.input<typeof ZStageCreate>;
export const ZStageUpdate = toPatchSchema(ZStageCreate);

/** What counts as conversion for a journey. */
export const ZGoal = z.object({
  event: z.string().min(1).max(200).meta({ description: 'Track event name, e.g. Order Completed' }),
  valueProperty: z.string().min(1).max(200).optional().meta({
    description: 'Property holding the conversion value, e.g. revenue',
  }),
});
export type TGoal = z.infer<typeof ZGoal>;

export const ZJourneySettings = z.object({
  conversionWindowDays: z.number().int().min(1).max(365).default(30),
  inactivityDays: z.number().int().min(1).max(365).default(14),
});
export type TJourneySettings = z.infer<typeof ZJourneySettings>;

export const ZJourney = z.object({
  id: ZId,
  workspaceId: ZId,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  personaIds: z.array(ZId).max(50).default([]),
  goal: ZGoal.nullable().default(null),
  settings: ZJourneySettings.default({ conversionWindowDays: 30, inactivityDays: 14 }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TJourney = z.infer<typeof ZJourney>;

export const ZJourneyCreate = ZJourney.pick({
  name: true,
  description: true,
  personaIds: true,
  goal: true,
  settings: true,
});
export type TJourneyCreate = z.input<typeof ZJourneyCreate>;
export const ZJourneyUpdate = toPatchSchema(ZJourneyCreate);
