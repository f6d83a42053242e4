import type { AttributionOptions, FlowOptions, PathOptions } from '../api.ts';
import { groupByStage } from '../map/moves.ts';
import type { FunnelOrder, FunnelStepInput, GoalFilter, Stage, Touchpoint } from '../types.ts';

/**
 * The options of each tab of the analysis page, with their defaults and the checks that keep a
 * request the server would refuse from being sent. Pure: the tabs hold the state.
 */

export type PathsTabOptions = PathOptions & { variants: number };

export const DEFAULT_PATH_OPTIONS: PathsTabOptions = {
  level: 'touchpoint',
  collapseRepeats: true,
  sessionGapMinutes: null,
  goal: 'any',
  variants: 20,
};

/** The flow's options; an empty anchor means "the default one" (the first touchpoint). */
export type FlowTabOptions = FlowOptions;

export const DEFAULT_FLOW_OPTIONS: FlowTabOptions = {
  level: 'touchpoint',
  collapseRepeats: true,
  sessionGapMinutes: null,
  goal: 'any',
  anchor: '',
  direction: 'forward',
  depth: 4,
  top: 8,
};

export interface FunnelTabOptions {
  /** Null until the person changes them: the default steps follow the map. */
  steps: FunnelStepInput[] | null;
  /** Null: the journey's conversion window. */
  windowDays: number | null;
  order: FunnelOrder;
  goal: GoalFilter;
}

export const DEFAULT_FUNNEL_OPTIONS: FunnelTabOptions = {
  steps: null,
  windowDays: null,
  order: 'loose',
  goal: 'any',
};

export const FUNNEL_MIN_STEPS = 2;
export const FUNNEL_MAX_STEPS = 10;

export const DEFAULT_ATTRIBUTION_OPTIONS: AttributionOptions = {
  by: 'channel',
  lookbackDays: null,
  halfLifeDays: 7,
  position: [0.4, 0.2, 0.4],
  markovOrder: 1,
};

export const GOAL_FILTERS: { id: GoalFilter; label: string }[] = [
  { id: 'any', label: 'All customers' },
  { id: 'reached', label: 'Reached the goal' },
  { id: 'not-reached', label: 'Did not reach the goal' },
];

/** The journey's touchpoints in map order: stage by stage, top to bottom. */
export function touchpointsInOrder(stages: Stage[], touchpoints: Touchpoint[]): Touchpoint[] {
  const byStage = groupByStage(stages, touchpoints);
  return stages.flatMap((s) => byStage.get(s.id) ?? []);
}

/** The default funnel: the first touchpoint of each stage that has one, at most ten. */
export function defaultFunnelSteps(stages: Stage[], touchpoints: Touchpoint[]): FunnelStepInput[] {
  const byStage = groupByStage(stages, touchpoints);
  return stages
    .map((s) => byStage.get(s.id)?.[0])
    .filter((t): t is Touchpoint => t !== undefined)
    .slice(0, FUNNEL_MAX_STEPS)
    .map((t) => ({ touchpointId: t.id }));
}

/** A step as a person reads it: the touchpoint's name, or the event's name. */
export function funnelStepLabel(step: FunnelStepInput, touchpoints: Touchpoint[]): string {
  if ('event' in step) return `Event: ${step.event}`;
  return touchpoints.find((t) => t.id === step.touchpointId)?.name ?? 'Deleted touchpoint';
}

/** The list with the item at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length) return out;
  const [item] = out.splice(from, 1);
  out.splice(Math.max(0, Math.min(to, out.length)), 0, item!);
  return out;
}

/** Why the funnel cannot be asked for yet, or null. */
export function funnelProblem(
  steps: FunnelStepInput[],
  windowDays: number | null,
  order: FunnelOrder = 'loose',
): string | null {
  if (steps.length < FUNNEL_MIN_STEPS) return `Pick at least ${FUNNEL_MIN_STEPS} steps.`;
  if (steps.length > FUNNEL_MAX_STEPS) return `A funnel has at most ${FUNNEL_MAX_STEPS} steps.`;
  // Strict order compares consecutive steps of one level: touchpoints, or events.
  if (order === 'strict' && new Set(steps.map((s) => 'touchpointId' in s)).size > 1)
    return 'Strict order needs steps of one kind: all touchpoints or all events.';
  if (windowDays !== null && (!Number.isInteger(windowDays) || windowDays < 1 || windowDays > 365))
    return 'The window is a whole number of days from 1 to 365.';
  return null;
}

/** Why the attribution options cannot be asked for, or null. */
export function attributionProblem(o: AttributionOptions): string | null {
  if (
    o.lookbackDays !== null &&
    (!Number.isInteger(o.lookbackDays) || o.lookbackDays < 1 || o.lookbackDays > 365)
  )
    return 'The lookback is a whole number of days from 1 to 365.';
  if (!(o.halfLifeDays > 0)) return 'The half-life must be more than 0 days.';
  if (o.position.some((w) => !Number.isFinite(w) || w < 0))
    return 'Position weights are numbers from 0 to 1.';
  const sum = o.position.reduce((a, b) => a + b, 0);
  if (Math.abs(sum - 1) > 1e-6)
    return `Position weights must add up to 1 (they add up to ${Math.round(sum * 1000) / 1000}).`;
  return null;
}

/** A number field's text as a whole number, or null when empty or not one. */
export function readWholeNumber(text: string): number | null {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return null;
  return Number(t);
}
