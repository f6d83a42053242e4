import type { TSurveyChannel, TSurveyKind } from '../schemas/survey.ts';
import type { TSentimentLabel } from '../sentiment/score-sentiment.ts';

/** One of a customer's texts with its stored sentiment (the 360° view's timeline badges). */
export interface ScoredMessage {
  messageId: string;
  timestamp: string;
  event: string;
  text: string;
  score: number;
  label: TSentimentLabel;
}

/** One of a customer's survey answers, with the survey's and the touchpoint's names. */
export interface CustomerSurveyResponseRow {
  id: string;
  surveyId: string;
  surveyName: string | null;
  kind: TSurveyKind | null;
  touchpointId: string;
  touchpointName: string | null;
  score: number | null;
  comment: string | null;
  answers: Record<string, unknown>;
  channel: TSurveyChannel;
  createdAt: string;
}
