import { z } from 'zod';
import { toPatchSchema, ZId } from './common.ts';

/** The kinds of survey and the scale of their first (primary) rating question. */
export const SURVEY_KINDS = ['csat', 'nps', 'ces', 'custom'] as const;
export const ZSurveyKind = z
  .enum(SURVEY_KINDS)
  .meta({ description: 'csat (1–5), nps (0–10), ces (1–7), or custom questions' });
export type TSurveyKind = z.infer<typeof ZSurveyKind>;

/** The scale of the primary rating question of each standard kind. */
export const KIND_SCALES: Readonly<Record<Exclude<TSurveyKind, 'custom'>, [number, number]>> = {
  csat: [1, 5],
  nps: [0, 10],
  ces: [1, 7],
};

/** Where a response came from: the hosted page via a link, the widget, or an email link. */
export const SURVEY_CHANNELS = ['link', 'widget', 'email'] as const;
export const ZSurveyChannel = z.enum(SURVEY_CHANNELS);
export type TSurveyChannel = z.infer<typeof ZSurveyChannel>;

/** Question and follow-up ids are short slugs: they name answers in responses and events. */
const ZQuestionId = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be a slug: a-z, 0-9 and _, starting with a letter')
  .meta({ description: 'A slug naming the answer, e.g. `score`, `reason`' });

const ZQuestionBase = z.object({
  id: ZQuestionId,
  text: z.string().trim().min(1).max(500),
  required: z.boolean().default(false),
});

export const ZRatingQuestion = ZQuestionBase.extend({
  type: z.literal('rating'),
  min: z.number().int().min(0).max(10),
  max: z.number().int().min(1).max(10),
  minLabel: z.string().max(80).default(''),
  maxLabel: z.string().max(80).default(''),
});
export const ZChoiceQuestion = ZQuestionBase.extend({
  type: z.enum(['single_choice', 'multiple_choice']),
  options: z.array(z.string().trim().min(1).max(200)).min(2).max(20),
});
export const ZTextQuestion = ZQuestionBase.extend({ type: z.literal('text') });

export const ZSurveyQuestion = z.discriminatedUnion('type', [
  ZRatingQuestion,
  ZChoiceQuestion,
  ZTextQuestion,
]);
export type TSurveyQuestion = z.infer<typeof ZSurveyQuestion>;
export type TRatingQuestion = z.infer<typeof ZRatingQuestion>;

/**
 * A free-text question asked after the primary rating when it falls in a band, e.g. detractors
 * (0–6) get "What went wrong?".
 */
export const ZFollowUp = z.object({
  id: ZQuestionId,
  minScore: z.number().int().min(0).max(10),
  maxScore: z.number().int().min(0).max(10),
  text: z.string().trim().min(1).max(500),
});
export type TFollowUp = z.infer<typeof ZFollowUp>;

/**
 * A survey attached to a touchpoint. Its first rating question is the primary one: its answer is
 * the response's `score` (for csat/nps/ces it must be on the kind's scale). `repeatIntervalDays`
 * is the least time between two invitations of one customer to this survey.
 */
export const ZSurvey = z.object({
  id: ZId,
  journeyId: ZId,
  touchpointId: ZId,
  name: z.string().trim().min(1).max(200),
  kind: ZSurveyKind,
  questions: z.array(ZSurveyQuestion).min(1).max(20),
  followUps: z.array(ZFollowUp).max(10).default([]),
  active: z.boolean().default(true),
  repeatIntervalDays: z.number().int().min(0).max(3650).default(90),
  thankYou: z.string().max(500).default('Thank you for your feedback!'),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type TSurvey = z.infer<typeof ZSurvey>;

/** The standard first question of each kind, used when a survey is created without questions. */
export function defaultQuestions(kind: TSurveyKind): TSurveyQuestion[] {
  switch (kind) {
    case 'csat':
      return [
        {
          id: 'score',
          type: 'rating',
          text: 'How satisfied are you?',
          required: true,
          min: 1,
          max: 5,
          minLabel: 'Very dissatisfied',
          maxLabel: 'Very satisfied',
        },
      ];
    case 'nps':
      return [
        {
          id: 'score',
          type: 'rating',
          text: 'How likely are you to recommend us to a friend or colleague?',
          required: true,
          min: 0,
          max: 10,
          minLabel: 'Not at all likely',
          maxLabel: 'Extremely likely',
        },
      ];
    case 'ces':
      return [
        {
          id: 'score',
          type: 'rating',
          text: 'It was easy to get what I needed.',
          required: true,
          min: 1,
          max: 7,
          minLabel: 'Strongly disagree',
          maxLabel: 'Strongly agree',
        },
      ];
    case 'custom':
      return [];
  }
}

/** The primary rating question of a survey: its first rating question, if any. */
export function primaryQuestion(survey: Pick<TSurvey, 'questions'>): TRatingQuestion | undefined {
  return survey.questions.find((q): q is TRatingQuestion => q.type === 'rating');
}

type SurveyShape = Pick<TSurvey, 'kind' | 'questions' | 'followUps'>;

/**
 * The rules one field cannot state: unique ids, ordered scales and bands, a primary question on
 * the kind's scale. Issues name the field (`questions.0.max`) so that the API's 400 does too.
 */
export function checkSurveyShape(s: SurveyShape, ctx: z.RefinementCtx) {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message });
  const ids = new Set<string>();
  s.questions.forEach((q, i) => {
    if (ids.has(q.id)) issue(['questions', i, 'id'], `duplicate question id ${q.id}`);
    ids.add(q.id);
    if (q.type === 'rating' && q.min >= q.max) issue(['questions', i, 'max'], 'must exceed min');
    if (q.type !== 'rating' && q.type !== 'text' && new Set(q.options).size !== q.options.length)
      issue(['questions', i, 'options'], 'options must be unique');
  });
  const primary = primaryQuestion(s);
  if (s.kind !== 'custom') {
    const [min, max] = KIND_SCALES[s.kind];
    const at = primary ? s.questions.indexOf(primary) : -1;
    if (!primary) issue(['questions'], `a ${s.kind} survey needs a rating question ${min}–${max}`);
    else if (primary.min !== min || primary.max !== max)
      issue(['questions', at, 'min'], `the ${s.kind} rating runs from ${min} to ${max}`);
    else if (!primary.required) issue(['questions', at, 'required'], 'the score must be required');
  }
  s.followUps.forEach((f, i) => {
    if (ids.has(f.id)) issue(['followUps', i, 'id'], `duplicate id ${f.id}`);
    ids.add(f.id);
    if (!primary) issue(['followUps', i], 'follow-ups need a rating question to follow');
    else if (f.minScore > f.maxScore) issue(['followUps', i, 'maxScore'], 'must be ≥ minScore');
    else if (f.minScore < primary.min || f.maxScore > primary.max)
      issue(['followUps', i, 'minScore'], `the band must lie within ${primary.min}–${primary.max}`);
  });
}

/**
 * What a survey is created from. Standard kinds may leave `questions` out: the kind's standard
 * question is used.
 */
export const ZSurveyCreate = ZSurvey.pick({
  touchpointId: true,
  name: true,
  kind: true,
  followUps: true,
  active: true,
  repeatIntervalDays: true,
  thankYou: true,
})
  .extend({ questions: ZSurvey.shape.questions.optional() })
  .transform((s) => ({ ...s, questions: s.questions ?? defaultQuestions(s.kind) }))
  .superRefine((s, ctx) => {
    if (s.questions.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['questions'],
        message: 'a custom survey needs questions',
      });
      return;
    }
    checkSurveyShape(s, ctx);
  });
export type TSurveyCreate = z.input<typeof ZSurveyCreate>;
/** A validated create body, questions filled in: what the store takes. */
export type TSurveyFields = z.output<typeof ZSurveyCreate>;

/** A patch; the merged survey is checked again as a whole before it is saved. */
export const ZSurveyUpdate = toPatchSchema(
  ZSurvey.pick({
    name: true,
    kind: true,
    questions: true,
    followUps: true,
    active: true,
    repeatIntervalDays: true,
    thankYou: true,
  }),
);
export type TSurveyPatch = z.input<typeof ZSurveyUpdate>;

/** A workspace's survey settings. */
export const ZSurveySettings = z.object({
  fatigueDays: z.number().int().min(0).max(365).meta({
    description: 'At most one survey invitation per customer in this many days, across surveys',
  }),
});
export type TSurveySettings = z.infer<typeof ZSurveySettings>;

/** An answer: a rating, a chosen option, chosen options, or text. */
export const ZAnswer = z.union([
  z.number(),
  z.string().max(5000),
  z.array(z.string().max(200)).max(20),
]);
export type TAnswer = z.infer<typeof ZAnswer>;

/** A stored response. */
export const ZSurveyResponse = z.object({
  id: ZId,
  surveyId: ZId,
  touchpointId: ZId,
  customerId: ZId,
  answers: z.record(z.string(), ZAnswer),
  score: z.number().int().nullable().meta({ description: 'The primary rating, if any' }),
  comment: z.string().nullable().meta({ description: 'The free-text answers, joined' }),
  channel: ZSurveyChannel,
  createdAt: z.string(),
});
export type TSurveyResponse = z.infer<typeof ZSurveyResponse>;
