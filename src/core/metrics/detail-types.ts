/**
 * The shapes of the touchpoint detail page and the journey dashboard (`src/server/routes/
 * touchpoint-detail.ts`). Figures follow docs/metrics.md; the series are cut into UTC buckets.
 */

export type SeriesBucket = 'day' | 'week';

/** One bucket of a touchpoint's series: touches whose timestamp falls in it. */
export interface TouchpointSeriesPoint {
  /** Start of the bucket (inclusive), ISO-8601 UTC; buckets are contiguous and of equal length. */
  start: string;
  volume: number;
  reach: number;
  /** Customers with a touch in this bucket that converted (goal within the conversion window). */
  converted: number;
}

export interface TouchpointSeries {
  touchpointId: string;
  journeyId: string;
  personaId: string | null;
  from: string;
  to: string;
  bucket: SeriesBucket;
  conversionWindowDays: number;
  /** Over the whole range; `reach` and `converted` count each customer once. */
  totals: { volume: number; reach: number; converted: number };
  points: TouchpointSeriesPoint[];
}

export interface JourneySeriesPoint {
  start: string;
  /** Customers with a touch of any of the journey's touchpoints in the bucket. */
  customers: number;
  /** Journey customers (a touch anywhere in the range) with a goal event in the bucket. */
  conversions: number;
  /** Sum of the goal values of those goal events. */
  conversionValue: number;
}

export interface JourneySeries {
  journeyId: string;
  personaId: string | null;
  from: string;
  to: string;
  bucket: SeriesBucket;
  points: JourneySeriesPoint[];
}

export interface DroppedOffCustomer {
  customerId: string;
  /** The customer's email, else user id, else anonymous id; null when none is recorded. */
  label: string | null;
  /** Their latest touch of the touchpoint that is a drop-off. */
  lastTouchAt: string;
  /** Their next journey event after that touch, if they came back before the end of the range. */
  returnedAt: string | null;
}

export interface DroppedOffPage {
  touchpointId: string;
  /** Customers with at least one drop-off touch: the metrics report's `droppedOff`. */
  total: number;
  items: DroppedOffCustomer[];
}

/** Where a run of touches of the touchpoint led: the customer's next journey event. */
export interface NextStep {
  kind: 'touchpoint' | 'goal' | 'none';
  /** Set for `touchpoint` steps. */
  touchpointId: string | null;
  /** The touchpoint's name, the goal event's name, or "Nothing yet". */
  name: string;
  /** Runs of touches that led here. */
  count: number;
  /** Distinct customers among them. */
  customers: number;
  /** `count` ÷ every run of the touchpoint. */
  share: number;
  /** Median hours from the last touch of the run to this step; null for `none`. */
  medianHours: number | null;
}

export interface NextSteps {
  touchpointId: string;
  /** Runs of touches of the touchpoint (consecutive touches of it count once). */
  total: number;
  steps: NextStep[];
}

export interface MatchPreviewEvent {
  messageId: string;
  timestamp: string;
  customerId: string;
  type: string;
  event: string;
  path: string | null;
  /** The touchpoint whose saved rules claim the event now (first in map order), if any. */
  claimedBy: { touchpointId: string; name: string } | null;
}

export interface MatchPreview {
  journeyId: string;
  from: string;
  to: string;
  /** Events in the range (and persona) that the draft rules match. */
  count: number;
  /** Of those, how many each touchpoint claims now with the saved rules; null: none. */
  claimed: Array<{ touchpointId: string | null; name: string | null; count: number }>;
  /** The latest matching events, newest first. */
  sample: MatchPreviewEvent[];
}
