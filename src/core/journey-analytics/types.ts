/**
 * The shapes of the paths and funnel analytics of a journey (`src/server/routes/paths.ts`,
 * `funnels.ts`). Every figure is defined in docs/analytics.md.
 */

/** The step of a goal event that no touchpoint claims (touchpoint level). */
export const GOAL_STEP = '$goal';
/** What a Sankey step holds beyond its `top` nodes. */
export const OTHER_STEP = '$other';
/** Where a sequence ends (forward flow) or starts (backward flow). */
export const END_STEP = '$end';
export const START_STEP = '$start';
/** A dropped-off customer who did nothing more in the range. */
export const NONE_STEP = '$none';

/**
 * - `touchpoint`: the journey's touches (key: touchpoint id) and goal events no touchpoint claims
 *   (`$goal`);
 * - `event`: every interaction (track, page, screen), keyed by its event key (eventStepKey).
 */
export type PathLevel = 'touchpoint' | 'event';

/** Which customers: all, those with a goal event in the range, or those without one. */
export type GoalFilter = 'any' | 'reached' | 'not-reached';

export interface PathNode {
  key: string;
  label: string;
  touchpointId: string | null;
  /** Steps with this key (after collapsing repeats, when asked). */
  count: number;
  /** Sequences holding at least one such step. */
  sequences: number;
}

/** Directly-follows: `to` is the step right after `from` in a sequence. */
export interface PathEdge {
  from: string;
  to: string;
  count: number;
  /**
   * Median hours from the `from` step to the `to` step; with collapsed repeats, from the last
   * event of the `from` run. Null only when there is no pair.
   */
  medianHours: number | null;
}

export interface KeyCount {
  key: string;
  count: number;
}

export interface PathVariant {
  steps: string[];
  count: number;
  /** `count` ÷ the number of sequences. */
  share: number;
}

export interface JourneyPaths {
  journeyId: string;
  level: PathLevel;
  from: string;
  to: string;
  personaId: string | null;
  goal: GoalFilter;
  collapseRepeats: boolean;
  sessionGapMinutes: number | null;
  sequences: number;
  steps: number;
  /** How many distinct variants there are (only the top ones are listed). */
  distinctVariants: number;
  nodes: PathNode[];
  edges: PathEdge[];
  starts: KeyCount[];
  ends: KeyCount[];
  variants: PathVariant[];
}

export type FlowDirection = 'forward' | 'backward';

export interface FlowNode {
  /** `${step}:${key}` */
  id: string;
  /** 0 for the anchor; 1, 2, … after it (forward); -1, -2, … before it (backward). */
  step: number;
  key: string;
  label: string;
  count: number;
}

export interface FlowLink {
  source: string;
  target: string;
  value: number;
}

export interface PathFlow {
  journeyId: string;
  level: PathLevel;
  anchor: string;
  direction: FlowDirection;
  depth: number;
  /** Sequences holding the anchor. */
  sequences: number;
  nodes: FlowNode[];
  links: FlowLink[];
}

/** A funnel step: the touches of a touchpoint, or the events with an event key. */
export type FunnelStepRef = { touchpointId: string } | { event: string };

export type FunnelOrder = 'loose' | 'strict';

export interface FunnelStep {
  /** 0 for the first step. */
  index: number;
  label: string;
  touchpointId: string | null;
  event: string | null;
  /** Customers who completed the steps up to this one, in order, within the window. */
  customers: number;
  conversionFromPrevious: number;
  conversionFromFirst: number;
  /** Median hours from the previous step's event to this step's; null for the first step. */
  medianHoursFromPrevious: number | null;
}

export interface FunnelReport {
  journeyId: string;
  order: FunnelOrder;
  windowDays: number;
  from: string;
  to: string;
  personaId: string | null;
  goal: GoalFilter;
  steps: FunnelStep[];
}

export interface DroppedCustomer {
  customerId: string;
  /** The customer's email, else their `name` trait, else their id. */
  label: string;
  /** When they reached the previous step (ISO-8601). */
  reachedAt: string;
}

export interface NextAfterDrop {
  /** A touchpoint id, `$goal` or `$none`. */
  key: string;
  label: string;
  customers: number;
}

export interface FunnelDropOff {
  /** Customers who reached step `step - 1` but not `step`. */
  step: number;
  total: number;
  customers: DroppedCustomer[];
  next: NextAfterDrop[];
}
