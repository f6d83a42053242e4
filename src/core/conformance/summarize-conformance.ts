import {
  collapseRepeats,
  firstOfStage,
  scoreSequence,
  sequenceSpan,
  type TDesignedOrder,
} from './score-sequence.ts';

/** A distinct sequence of touchpoints (indexes in map order) and how many customers took it. */
export interface TSequenceCount {
  sequence: readonly number[];
  customers: number;
}

/** Per designed touchpoint, by index in map order. */
export interface TTouchpointConformance {
  /** Customers who met it. */
  customers: number;
  /** Customers whose span holds it (see scoreSequence): they met it or passed it by. */
  eligible: number;
  /** Of those, the ones who never met it. */
  skipped: number;
  /** Backward moves arriving at it, and leaving it. */
  backwardsIn: number;
  backwardsOut: number;
}

/** Backward moves from one touchpoint to an earlier one (indexes in map order). */
export interface TBackwardMove {
  from: number;
  to: number;
  /** Moves, all customers together. */
  count: number;
  /** Customers who made it at least once. */
  customers: number;
}

export interface TConformanceSummary {
  customers: number;
  /** Mean fitness over customers; null without customers. */
  meanFitness: number | null;
  /** Customers by fitness in ten bins of 0.1: [0, 0.1), … [0.9, 1]. */
  histogram: Array<{ from: number; to: number; customers: number }>;
  touchpoints: TTouchpointConformance[];
  /** Every backward move seen, most frequent first (then by index). */
  backwards: TBackwardMove[];
}

/** The bin of a fitness: ten bins of 0.1, the last one closed (1 falls in [0.9, 1]). */
export function fitnessBin(fitness: number): number {
  // The epsilon keeps 0.3 (which may be computed as 0.29999…) in the bin that starts at 0.3.
  return Math.max(0, Math.min(9, Math.floor(fitness * 10 + 1e-9)));
}

/**
 * Conformance figures over distinct sequences with their customer counts: the query returns each
 * distinct sequence once, so scoring costs the number of distinct sequences, not of customers.
 *
 * @example
 * summarizeConformance([{ sequence: [0, 1], customers: 3 }, { sequence: [1, 0], customers: 1 }],
 *   [0, 0]).backwards // [{ from: 1, to: 0, count: 1, customers: 1 }]
 */
export function summarizeConformance(
  counts: readonly TSequenceCount[],
  order: TDesignedOrder,
): TConformanceSummary {
  const first = firstOfStage(order);
  const touchpoints: TTouchpointConformance[] = order.map(() => ({
    customers: 0,
    eligible: 0,
    skipped: 0,
    backwardsIn: 0,
    backwardsOut: 0,
  }));
  const histogram = Array.from({ length: 10 }, (_, i) => ({
    from: i / 10,
    to: (i + 1) / 10,
    customers: 0,
  }));
  const moves = new Map<number, TBackwardMove>();
  let customers = 0;
  let fitnessSum = 0;
  for (const { sequence, customers: n } of counts) {
    const touches = collapseRepeats(sequence);
    const span = sequenceSpan(touches, order, first);
    if (!span || n <= 0) continue;
    const score = scoreSequence(touches, order, first);
    customers += n;
    fitnessSum += score.fitness * n;
    histogram[fitnessBin(score.fitness)]!.customers += n;
    const met = new Set(touches);
    for (const tp of met) touchpoints[tp]!.customers += n;
    for (let tp = span.lo; tp <= span.hi; tp++) {
      touchpoints[tp]!.eligible += n;
      if (!met.has(tp)) touchpoints[tp]!.skipped += n;
    }
    const seen = new Set<number>();
    for (let i = 1; i < touches.length; i++) {
      const from = touches[i - 1]!;
      const to = touches[i]!;
      if (to >= from) continue;
      const key = from * order.length + to;
      let move = moves.get(key);
      if (!move) {
        move = { from, to, count: 0, customers: 0 };
        moves.set(key, move);
      }
      move.count += n;
      if (!seen.has(key)) {
        seen.add(key);
        move.customers += n;
      }
      touchpoints[from]!.backwardsOut += n;
      touchpoints[to]!.backwardsIn += n;
    }
  }
  return {
    customers,
    meanFitness: customers > 0 ? fitnessSum / customers : null,
    histogram,
    touchpoints,
    backwards: [...moves.values()].sort(
      (a, b) => b.count - a.count || b.customers - a.customers || a.from - b.from || a.to - b.to,
    ),
  };
}
