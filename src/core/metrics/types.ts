import type { TCsatSummary, TMeasuredEmotion } from '../listening/measure-emotion.ts';
import type { TSentimentSummary } from '../listening/sentiment-summary.ts';
import type { TChannel, TDesignedMarker, TPhase } from '../schemas/touchpoint.ts';

export type MeasuredMarker = 'green' | 'yellow' | 'red';

/** Raw per-touchpoint figures as the engine computes them. */
export interface TouchpointCounts {
  touchpointId: string;
  volume: number;
  reach: number;
  /** Customers who reached the goal within the conversion window after a touch. */
  converted: number;
  /** Customers whose touch here was followed by the inactivity lapse without the goal. */
  droppedOff: number;
  medianHoursToNext: number | null;
}

export interface JourneyCounts {
  customers: number;
  converted: number;
  conversionValue: number;
  /** Customers who reached each stage in the designed order (loose: other events may interleave). */
  stageReached: number[];
  /** Customers who touched each stage at all, in any order. */
  stageCustomers: number[];
  unmatchedEvents: number;
}

export interface TouchpointMetrics extends TouchpointCounts {
  name: string;
  stageId: string;
  channel: TChannel;
  phase: TPhase;
  designedMarker: TDesignedMarker;
  reachShare: number;
  conversionRate: number;
  dropOffRate: number;
  measuredMarker: MeasuredMarker | null;
  markerReasons: string[];
  /** The sentiment of the texts at the touchpoint in scope (when the engine measures it). */
  sentiment?: TSentimentSummary;
  /** CSAT of the touchpoint's surveys in scope (when the engine measures it). */
  csat?: TCsatSummary;
}

/** What customers wrote and rated, per touchpoint: the listening layer's figures. */
export interface TouchpointListeningFigures {
  touchpointId: string;
  sentiment: TSentimentSummary;
  csat: TCsatSummary;
}

/** A stage's designed emotion beside the measured one (docs/metrics.md, Measured emotion). */
export interface StageEmotion {
  stageId: string;
  name: string;
  designedEmotion: number;
  measuredEmotion: TMeasuredEmotion | null;
  sentiment: TSentimentSummary;
  csat: TCsatSummary;
}

export interface StageFunnelStep {
  stageId: string;
  name: string;
  /** Customers who reached the stage in the designed order, having reached every stage before. */
  customers: number;
  /** Customers who touched the stage at all, in any order. */
  reached: number;
  fromFirst: number;
  fromPrevious: number;
}

export interface TouchpointMetricsReport {
  journeyId: string;
  personaId: string | null;
  from: string;
  to: string;
  conversionWindowDays: number;
  inactivityDays: number;
  journey: {
    customers: number;
    conversions: number;
    conversionRate: number;
    conversionValue: number;
    baselineDropOffRate: number;
    unmatchedEvents: number;
    stageFunnel: StageFunnelStep[];
  };
  touchpoints: TouchpointMetrics[];
  /** Per stage, the designed and the measured emotion (when the engine measures them). */
  stages?: StageEmotion[];
}
