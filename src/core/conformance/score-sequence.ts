/**
 * Conformance of one customer's journey to the designed map (docs/analytics.md, Conformance).
 *
 * The designed order is the journey's touchpoints in map order: stage order, then position in the
 * stage. A touchpoint is named here by its index in that order, and the design by the stage index
 * of each touchpoint (`stageOf[i]`), so that stages never decrease along the indexes.
 */
export type TDesignedOrder = readonly number[];

/** How one sequence of touchpoints compares with the design. */
export interface TSequenceScore {
  /** Distinct touchpoints met. */
  met: number;
  /**
   * The designed touchpoints the customer passed: from the first touchpoint of the earliest stage
   * they reached to the latest touchpoint they met, in map order (met or not).
   */
  span: number;
  /** Designed touchpoints of the span the customer never met: `span − met`. */
  skipped: number;
  /** Moves between consecutive touches of different touchpoints. */
  transitions: number;
  /** Of those, moves to a touchpoint earlier in map order. */
  backwards: number;
  /** 1 − backwards ÷ transitions (1 without transitions). */
  order: number;
  /** met ÷ span. */
  coverage: number;
  /** The mean of `order` and `coverage`, in [0, 1]. */
  fitness: number;
}

/**
 * Runs of the same touchpoint merged into one touch: `A A B A` → `A B A`. A repeat is neither a
 * step forward nor a step back.
 */
export function collapseRepeats(sequence: readonly number[]): number[] {
  return sequence.filter((tp, i) => i === 0 || tp !== sequence[i - 1]);
}

/**
 * The index of the first touchpoint of each stage, by stage index (touchpoints are in map order,
 * so each stage's touchpoints are contiguous). Stages without touchpoints are not listed.
 */
export function firstOfStage(order: TDesignedOrder): Map<number, number> {
  const first = new Map<number, number>();
  order.forEach((stage, i) => {
    if (!first.has(stage)) first.set(stage, i);
  });
  return first;
}

/**
 * The span of a sequence: the index range [lo, hi] of the designed touchpoints it passed. `lo` is
 * the first touchpoint of the earliest stage reached (the stage of the lowest index met: stages
 * follow map order), `hi` the latest touchpoint met. Empty sequences have no span.
 */
export function sequenceSpan(
  sequence: readonly number[],
  order: TDesignedOrder,
  first: ReadonlyMap<number, number> = firstOfStage(order),
): { lo: number; hi: number } | undefined {
  if (sequence.length === 0) return undefined;
  let min = sequence[0]!;
  let max = sequence[0]!;
  for (const tp of sequence) {
    if (tp < min) min = tp;
    if (tp > max) max = tp;
  }
  return { lo: first.get(order[min]!) ?? min, hi: max };
}

/**
 * Scores a customer's sequence of touchpoints (indexes in map order, in the order met).
 *
 * - **order**: the share of their moves (between consecutive different touchpoints) that do not go
 *   back in map order; a forward move may jump ahead, that is counted by coverage;
 * - **coverage**: the share of the designed touchpoints they passed (their span) that they met;
 * - **fitness** = (order + coverage) ÷ 2, as token replay weighs missing and remaining tokens
 *   equally.
 *
 * An empty sequence (no touch) scores 1 throughout, vacuously; customers without a touch are
 * never scored.
 *
 * @example
 * // Map: stage 0 = [0, 1], stage 1 = [2, 3]. Met 0, 2, 1, 3: moves 0→2, 2→1 (back), 1→3.
 * scoreSequence([0, 2, 1, 3], [0, 0, 1, 1])
 * // { met: 4, span: 4, skipped: 0, transitions: 3, backwards: 1, order: 2/3, coverage: 1,
 * //   fitness: 5/6 }
 */
export function scoreSequence(
  sequence: readonly number[],
  order: TDesignedOrder,
  first: ReadonlyMap<number, number> = firstOfStage(order),
): TSequenceScore {
  const touches = collapseRepeats(sequence);
  const span = sequenceSpan(touches, order, first);
  if (!span) {
    return {
      met: 0,
      span: 0,
      skipped: 0,
      transitions: 0,
      backwards: 0,
      order: 1,
      coverage: 1,
      fitness: 1,
    };
  }
  let backwards = 0;
  for (let i = 1; i < touches.length; i++) if (touches[i]! < touches[i - 1]!) backwards++;
  const transitions = touches.length - 1;
  const met = new Set(touches).size;
  const size = span.hi - span.lo + 1;
  const orderShare = transitions === 0 ? 1 : 1 - backwards / transitions;
  const coverage = met / size;
  return {
    met,
    span: size,
    skipped: size - met,
    transitions,
    backwards,
    order: orderShare,
    coverage,
    fitness: (orderShare + coverage) / 2,
  };
}
