import { z } from 'zod';
import { toPatchSchema, ZId } from './common.ts';
import { ZTraitCondition } from './persona.ts';
import { ZPropertyCondition } from './touchpoint.ts';

/**
 * Automations: a trigger, optional conditions, a tree of steps and an on/off switch. The engine
 * (src/automation) records each customer's run step by step; docs/automations.md describes the
 * semantics. Everything here is data: templates are rendered, never evaluated as code.
 */

/** A local time of day, `HH:MM` on a 24-hour clock, in the workspace's time zone. */
export const ZTimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a time of day like 09:30')
  .meta({ description: 'Local time HH:MM (24 h) in the workspace time zone' });

/** Whether `tz` is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const ZTimeZone = z
  .string()
  .min(1)
  .max(64)
  .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
  .meta({ description: 'IANA time zone, e.g. Europe/Berlin' });

export const DURATION_UNITS = ['seconds', 'minutes', 'hours', 'days'] as const;
export const ZDuration = z.object({
  amount: z.number().int().min(1).max(100_000),
  unit: z.enum(DURATION_UNITS),
});
export type TDuration = z.infer<typeof ZDuration>;

// Triggers -----------------------------------------------------------------------------------------

/**
 * An event that a touchpoint's match rules claim, optionally narrowed to one event name (a
 * touchpoint often claims several: `Live Chat *`) and by its properties.
 */
export const ZEventTrigger = z.object({
  type: z.literal('event'),
  touchpointId: ZId,
  event: z.string().min(1).max(200).optional().meta({
    description: "Only this event name among the touchpoint's (case ignored)",
  }),
  properties: z.array(ZPropertyCondition).max(20).optional(),
});

export const SCORE_OPS = ['lt', 'lte', 'eq', 'gte', 'gt'] as const;
export const SURVEY_KINDS = ['csat', 'nps', 'ces', 'custom'] as const;

/** A survey response (an event `Survey Responded`) whose score meets a condition, e.g. NPS ≤ 6. */
export const ZSurveyTrigger = z
  .object({
    type: z.literal('survey_response'),
    surveyId: ZId.optional(),
    kind: z.enum(SURVEY_KINDS).optional(),
    op: z.enum(SCORE_OPS),
    value: z.number(),
  })
  .refine((t) => t.surveyId !== undefined || t.kind !== undefined, {
    message: 'name the survey (surveyId) or its kind',
    path: ['surveyId'],
  });

/** A customer reached a touchpoint and then had no journey event for `days` days. */
export const ZSilenceTrigger = z.object({
  type: z.literal('silence'),
  touchpointId: ZId,
  days: z.number().int().min(1).max(365),
});

/** A customer entered a persona's segment (after the automation was switched on). */
export const ZSegmentTrigger = z.object({
  type: z.literal('segment_entered'),
  personaId: ZId,
});

/**
 * A schedule: every day, or every week on `weekday` (0 = Sunday), at a local time; each firing
 * starts one run per customer of the audience (a persona's segment, or every customer).
 */
export const ZScheduleTrigger = z
  .object({
    type: z.literal('schedule'),
    every: z.enum(['day', 'week']),
    weekday: z.number().int().min(0).max(6).optional().meta({ description: '0 = Sunday' }),
    at: ZTimeOfDay,
    personaId: ZId.nullable().optional().meta({ description: 'Audience; default: everyone' }),
  })
  .refine((t) => t.every === 'day' || t.weekday !== undefined, {
    message: 'a weekly schedule needs its weekday (0 = Sunday)',
    path: ['weekday'],
  });

export const ZTrigger = z.discriminatedUnion('type', [
  ZEventTrigger,
  ZSurveyTrigger,
  ZSilenceTrigger,
  ZSegmentTrigger,
  ZScheduleTrigger,
]);
export type TTrigger = z.infer<typeof ZTrigger>;

// Conditions ---------------------------------------------------------------------------------------

export const ZCondition = z.discriminatedUnion('type', [
  ZTraitCondition.extend({ type: z.literal('trait') }),
  ZPropertyCondition.extend({
    type: z.literal('event_property'),
    op: ZPropertyCondition.shape.op.unwrap(),
  }),
  z.object({
    type: z.literal('touchpoint'),
    touchpointId: ZId,
    reached: z.boolean().meta({ description: 'true: has reached it so far; false: has not' }),
  }),
  z.object({
    type: z.literal('goal'),
    journeyId: ZId,
    reached: z.boolean().meta({ description: "true: has reached the journey's goal so far" }),
  }),
]);
export type TCondition = z.infer<typeof ZCondition>;

/** All (AND) or any (OR) of the conditions; an empty list always holds. */
export const ZConditionSet = z.object({
  match: z.enum(['all', 'any']),
  conditions: z.array(ZCondition).max(30),
});
export type TConditionSet = z.infer<typeof ZConditionSet>;

// Steps --------------------------------------------------------------------------------------------

const ZTemplate = (max: number) =>
  z.string().max(max).meta({ description: 'Template: {{traits.x}}, {{event.properties.y}}' });

/** Wait a duration, and/or until a local time of day, and/or until business hours. */
export const ZWaitStep = z
  .object({
    type: z.literal('wait'),
    duration: ZDuration.optional(),
    untilTime: ZTimeOfDay.optional(),
    businessHours: z.boolean().optional().meta({
      description: "Then, if outside the workspace's business hours, until they open",
    }),
  })
  .refine(
    (s) => s.duration !== undefined || s.untilTime !== undefined || s.businessHours === true,
    { message: 'a wait needs a duration, an untilTime or businessHours', path: ['duration'] },
  );

export const ZEmailStep = z.object({
  type: z.literal('email'),
  to: ZTemplate(320).optional().meta({ description: "Default: the customer's email" }),
  subject: ZTemplate(500).min(1),
  text: ZTemplate(50_000).min(1),
  html: ZTemplate(100_000).optional().meta({ description: 'Values are HTML-escaped' }),
});

export const ZWebhookStep = z.object({
  type: z.literal('webhook'),
  url: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .meta({ description: 'http(s) URL' }),
  body: z.json().optional().meta({
    description:
      'JSON body template: strings are templates; a string that is exactly one {{path}} takes the value as is',
  }),
});

export const ZTaskStep = z.object({
  type: z.literal('task'),
  touchpointId: ZId,
  title: ZTemplate(300).min(1),
  description: ZTemplate(5000).optional(),
  ownerId: ZId.nullable().optional().meta({ description: 'A member of the workspace' }),
  dueInDays: z.number().int().min(0).max(365).nullable().optional(),
});

/**
 * A survey invitation: an email with the customer's signed survey link (src/core/surveys),
 * subject to the survey fatigue rules as well as the message limits.
 */
export const ZSurveyStep = z.object({
  type: z.literal('survey'),
  surveyId: ZId,
  to: ZTemplate(320).optional().meta({ description: "Default: the customer's email" }),
  subject: ZTemplate(500).min(1),
  text: ZTemplate(10_000).optional().meta({ description: 'An introduction above the question' }),
  ttlDays: z.number().int().min(1).max(90).optional().meta({ description: 'Default: 14' }),
});

export const ZSetTraitStep = z.object({
  type: z.literal('set_trait'),
  trait: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[^.]+$/, 'a top-level trait name (no dots)'),
  value: z.union([ZTemplate(1000), z.number(), z.boolean(), z.null()]),
});

export const ZAddTagStep = z.object({
  type: z.literal('add_tag'),
  tag: z.string().min(1).max(100),
});

export type TWaitStep = z.infer<typeof ZWaitStep>;
export type TEmailStep = z.infer<typeof ZEmailStep>;
export type TWebhookStep = z.infer<typeof ZWebhookStep>;
export type TTaskStep = z.infer<typeof ZTaskStep>;
export type TSurveyStep = z.infer<typeof ZSurveyStep>;
export type TSetTraitStep = z.infer<typeof ZSetTraitStep>;
export type TAddTagStep = z.infer<typeof ZAddTagStep>;
export interface TBranchStep {
  type: 'branch';
  if: TConditionSet;
  yes: TStep[];
  no: TStep[];
}
export type TStep =
  | TWaitStep
  | TBranchStep
  | TEmailStep
  | TWebhookStep
  | TTaskStep
  | TSurveyStep
  | TSetTraitStep
  | TAddTagStep;

/** If the conditions hold, the `yes` steps, else the `no` steps; then on after the branch. */
export const ZBranchStep: z.ZodType<TBranchStep> = z.object({
  type: z.literal('branch'),
  if: ZConditionSet,
  get yes() {
    return z.array(ZStep).max(50);
  },
  get no() {
    return z.array(ZStep).max(50);
  },
});

export const ZStep: z.ZodType<TStep> = z.discriminatedUnion('type', [
  ZWaitStep,
  ZBranchStep as unknown as z.ZodObject<{ type: z.ZodLiteral<'branch'> }>,
  ZEmailStep,
  ZWebhookStep,
  ZTaskStep,
  ZSurveyStep,
  ZSetTraitStep,
  ZAddTagStep,
]) as unknown as z.ZodType<TStep>;
export type TStepType = TStep['type'];

/** The most steps an automation holds, counting those inside branches, and its deepest nesting. */
export const MAX_STEPS = 100;
export const MAX_DEPTH = 5;

function measureSteps(steps: readonly TStep[], depth: number): { count: number; depth: number } {
  let count = 0;
  let deepest = depth;
  for (const s of steps) {
    count++;
    if (s.type === 'branch') {
      for (const list of [s.yes, s.no]) {
        const m = measureSteps(list, depth + 1);
        count += m.count;
        deepest = Math.max(deepest, m.depth);
      }
    }
  }
  return { count, depth: deepest };
}

export const ZSteps = z
  .array(ZStep)
  .min(1)
  .max(50)
  .superRefine((steps, ctx) => {
    const m = measureSteps(steps, 1);
    if (m.count > MAX_STEPS)
      ctx.addIssue({ code: 'custom', message: `at most ${MAX_STEPS} steps in all (${m.count})` });
    if (m.depth > MAX_DEPTH)
      ctx.addIssue({ code: 'custom', message: `branches nest at most ${MAX_DEPTH} deep` });
  });

// Automations --------------------------------------------------------------------------------------

/** A span of time during which the automation was switched on (`to` null: still on). */
export const ZEnabledPeriod = z.object({ from: z.string(), to: z.string().nullable() });
export type TEnabledPeriod = z.infer<typeof ZEnabledPeriod>;

export const ZAutomation = z.object({
  id: ZId,
  workspaceId: ZId,
  name: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  enabled: z.boolean().default(false),
  trigger: ZTrigger,
  conditions: ZConditionSet.default({ match: 'all', conditions: [] }),
  steps: ZSteps,
  journeyId: ZId.nullable().default(null).meta({
    description:
      "The journey whose goal measures the outcome; default: the trigger touchpoint's journey",
  }),
  enabledPeriods: z.array(ZEnabledPeriod).default([]).meta({
    description: 'When it was switched on and off (kept by the server)',
  }),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TAutomation = z.infer<typeof ZAutomation>;

export const ZAutomationCreate = ZAutomation.pick({
  name: true,
  description: true,
  enabled: true,
  trigger: true,
  conditions: true,
  steps: true,
  journeyId: true,
});
export type TAutomationCreate = z.input<typeof ZAutomationCreate>;
export const ZAutomationUpdate = toPatchSchema(ZAutomationCreate);
export type TAutomationPatch = z.input<typeof ZAutomationUpdate>;

// Workspace settings -------------------------------------------------------------------------------

export const ZBusinessHours = z.object({
  days: z
    .array(z.number().int().min(0).max(6))
    .min(1)
    .max(7)
    .meta({ description: 'Open days, 0 = Sunday' }),
  start: ZTimeOfDay,
  end: ZTimeOfDay,
});
export type TBusinessHours = z.infer<typeof ZBusinessHours>;

/** A daily window (may cross midnight, e.g. 21:00-08:00) in which no message is sent. */
export const ZQuietHours = z.object({ start: ZTimeOfDay, end: ZTimeOfDay });
export type TQuietHours = z.infer<typeof ZQuietHours>;

export const ZAutomationSettings = z.object({
  timezone: ZTimeZone,
  businessHours: ZBusinessHours,
  quietHours: ZQuietHours.nullable(),
  maxMessagesPerDay: z.number().int().min(1).max(1000).nullable().meta({
    description: 'Automated messages per customer per local day, across automations; null: no cap',
  }),
});
export type TAutomationSettings = z.infer<typeof ZAutomationSettings>;
export const ZAutomationSettingsUpdate = toPatchSchema(ZAutomationSettings);

/** The settings of a workspace that never saved any (its time zone comes from the workspace). */
export const defaultAutomationSettings = (timezone: string): TAutomationSettings => ({
  timezone,
  businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  quietHours: { start: '21:00', end: '08:00' },
  maxMessagesPerDay: 3,
});

// Runs ---------------------------------------------------------------------------------------------

export const RUN_STATUSES = ['active', 'done', 'failed', 'cancelled'] as const;
export const STEP_STATUSES = ['pending', 'done', 'skipped', 'failed'] as const;

export const ZRunStep = z.object({
  id: ZId,
  path: z.string().meta({ description: 'Where in the tree: 0, 1.yes.0, …' }),
  type: z.string(),
  status: z.enum(STEP_STATUSES),
  attempts: z.number().int(),
  dueAt: z.string(),
  finishedAt: z.string().nullable(),
  idempotencyKey: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type TRunStep = z.infer<typeof ZRunStep>;

export const ZTriggerEvent = z.object({
  messageId: z.string().nullable(),
  event: z.string().nullable(),
  timestamp: z.string(),
  properties: z.record(z.string(), z.unknown()),
});
export type TTriggerEvent = z.infer<typeof ZTriggerEvent>;

export const ZAutomationRun = z.object({
  id: ZId,
  automationId: ZId,
  customerId: ZId,
  triggerKey: z.string(),
  trigger: ZTriggerEvent,
  mode: z.enum(['live', 'test']),
  status: z.enum(RUN_STATUSES),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type TAutomationRun = z.infer<typeof ZAutomationRun>;

export const ZDeadLetter = z.object({
  id: ZId,
  automationId: ZId,
  runId: ZId,
  stepId: ZId,
  kind: z.string(),
  target: z.string().meta({ description: 'The URL or address the step failed to reach' }),
  payload: z.string(),
  error: z.string(),
  attempts: z.number().int(),
  createdAt: z.string(),
  retriedAt: z.string().nullable(),
});
export type TDeadLetter = z.infer<typeof ZDeadLetter>;
