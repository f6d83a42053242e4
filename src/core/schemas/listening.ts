import { z } from 'zod';

/**
 * The listening layer's figures as the API returns them (src/core/listening computes them): the
 * sentiment of a group of texts, CSAT, and a stage's measured emotion. Shared by the listening
 * routes and the metrics report.
 */

export const ZSentimentLabel = z.enum(['positive', 'neutral', 'negative']);

export const ZSentimentSummary = z.object({
  average: z.number().nullable().meta({ description: 'Mean score, −1..1; null without texts' }),
  label: ZSentimentLabel.nullable(),
  n: z.number().int(),
  labels: z.object({ positive: z.number(), neutral: z.number(), negative: z.number() }),
});

export const ZCsatSummary = z.object({
  csat: z.number().nullable().meta({ description: '% of CSAT responses rated 4 or 5' }),
  mean: z.number().nullable().meta({ description: 'Mean CSAT rating, 1–5' }),
  responses: z.number().int(),
});

export const ZMeasuredEmotion = z.object({
  value: z.number().meta({ description: '−2..+2, as the designed emotion' }),
  n: z.number().int().meta({ description: 'Texts and CSAT responses it rests on' }),
  fromSentiment: z.number().nullable(),
  fromCsat: z.number().nullable(),
  sentimentN: z.number().int(),
  csatN: z.number().int(),
});

export const ZStageEmotion = z.object({
  stageId: z.string(),
  name: z.string(),
  designedEmotion: z.number(),
  measuredEmotion: ZMeasuredEmotion.nullable(),
  sentiment: ZSentimentSummary,
  csat: ZCsatSummary,
});
