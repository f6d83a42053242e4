import type { TIntentModelFile } from '../../../core/intents/model-file.ts';
import type { TContactReasonModelInfo } from '../../../core/listening/contact-reason-model.ts';
import type {
  CustomerSurveyResponseRow,
  ScoredMessage,
} from '../../../core/listening/customer-voice.ts';
import type { TCsatSummary, TMeasuredEmotion } from '../../../core/listening/measure-emotion.ts';
import type { TSelfServiceGap } from '../../../core/listening/self-service-gaps.ts';
import type { TSentimentSummary } from '../../../core/listening/sentiment-summary.ts';
import type { TReasonFigures } from '../../../core/listening/summarize-contacts.ts';
import type { DetailQuery } from '../../port.ts';

/** A workspace's contact-reason model, as the API shows it (the weights stay in the store). */
export interface ContactReasonModelRecord {
  id: string;
  info: TContactReasonModelInfo;
  createdAt: string;
}

/** Sentiment and CSAT of one touchpoint in scope. */
export interface TouchpointListening {
  touchpointId: string;
  name: string;
  stageId: string;
  phase: string;
  sentiment: TSentimentSummary;
  csat: TCsatSummary;
}

/** Sentiment, CSAT and the measured emotion of one stage in scope. */
export interface StageListening {
  stageId: string;
  name: string;
  designedEmotion: number;
  sentiment: TSentimentSummary;
  csat: TCsatSummary;
  measuredEmotion: TMeasuredEmotion | null;
}

export interface JourneyListening {
  touchpoints: TouchpointListening[];
  stages: StageListening[];
}

export interface ContactReasonsQuery extends DetailQuery {
  /** The journey whose service touchpoints count (or the named touchpoint's journey). */
  journeyId?: string;
  /** Only this touchpoint's texts (any phase). */
  touchpointId?: string;
}

export interface ContactReasonsReport {
  journeyId: string;
  /** The touchpoints whose texts were read: the named one, or the journey's service ones. */
  touchpoints: Array<{ touchpointId: string; name: string }>;
  from: string;
  to: string;
  /** The previous period of equal length that trends compare with: [previousFrom, from). */
  previousFrom: string;
  /** `reasons` with a trained model, else `themes` discovered in the texts. */
  mode: 'reasons' | 'themes';
  model: { id: string; accuracy: number; minConfidence: number } | null;
  contacts: number;
  previousContacts: number;
  customers: number;
  repeatRate: number;
  /** True when more texts than the read limit were in scope (the latest were read). */
  truncated: boolean;
  reasons: Array<
    TReasonFigures & { touchpoints: Array<{ touchpointId: string; name: string; volume: number }> }
  >;
}

export interface SelfServiceGapsReport {
  journeyId: string;
  from: string;
  to: string;
  previousFrom: string;
  mode: 'reasons' | 'themes';
  contacts: number;
  rule: { minContacts: number; minShare: number };
  gaps: TSelfServiceGap[];
}

/**
 * The listening layer's storage: text analysis (sentiment, contact reasons) kept up to date in
 * the background, and the reports that read it. Every method is scoped to a workspace; ids of
 * another workspace behave as unknown (undefined).
 */
export interface ListeningRepo {
  /** Analyses every text of the events accepted before the call (what reads wait for). */
  catchUp(): Promise<void>;
  /** Resolves when the background pass running now (if any) is done. */
  idle(): Promise<void>;

  /** Per touchpoint and stage of a journey: sentiment, CSAT and measured emotion in scope. */
  journeyListening(
    workspaceId: string,
    journeyId: string,
    query: DetailQuery,
  ): Promise<JourneyListening | undefined>;
  /** A customer's message sentiment: over all their texts, and the latest `limit` messages. */
  customerSentiment(
    workspaceId: string,
    customerId: string,
    limit: number,
  ): Promise<{ summary: TSentimentSummary; messages: ScoredMessage[] }>;
  /** A customer's survey answers, latest first. */
  customerSurveyResponses(
    workspaceId: string,
    customerId: string,
    limit: number,
  ): Promise<{ total: number; items: CustomerSurveyResponseRow[] }>;

  getContactReasonModel(workspaceId: string): Promise<ContactReasonModelRecord | undefined>;
  /** Stores a workspace's model, replacing any; its texts are classified again. */
  saveContactReasonModel(
    workspaceId: string,
    model: { file: TIntentModelFile; info: TContactReasonModelInfo },
  ): Promise<ContactReasonModelRecord>;
  deleteContactReasonModel(workspaceId: string): Promise<boolean>;

  /** Contact reasons (or themes) at service touchpoints; undefined for unknown ids. */
  contactReasons(
    workspaceId: string,
    query: ContactReasonsQuery,
  ): Promise<ContactReasonsReport | undefined>;
  /** The recurring reasons at a journey's service touchpoints, as suggestions. */
  selfServiceGaps(
    workspaceId: string,
    journeyId: string,
    query: DetailQuery,
  ): Promise<SelfServiceGapsReport | undefined>;
}
