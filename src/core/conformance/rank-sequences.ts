import { firstOfStage, scoreSequence, type TDesignedOrder } from './score-sequence.ts';
import type { TSequenceCount } from './summarize-conformance.ts';

export interface TRankedSequence extends TSequenceCount {
  fitness: number;
}

/** Lexicographic order of two sequences of indexes: a stable tie-break between equal scores. */
function compareSequences(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/**
 * Distinct sequences by fitness, worst first (`asc`) or best first (`desc`); equal fitness in
 * the order of the sequences, so that pages never overlap.
 */
export function rankSequences(
  counts: readonly TSequenceCount[],
  order: TDesignedOrder,
  direction: 'asc' | 'desc' = 'asc',
): TRankedSequence[] {
  const first = firstOfStage(order);
  const sign = direction === 'asc' ? 1 : -1;
  return counts
    .filter((c) => c.customers > 0 && c.sequence.length > 0)
    .map((c) => ({ ...c, fitness: scoreSequence(c.sequence, order, first).fitness }))
    .sort((a, b) => sign * (a.fitness - b.fitness) || compareSequences(a.sequence, b.sequence));
}

/**
 * Which ranked sequences a page of customers draws from: the customers of the ranked sequences,
 * one after another, are positions 0, 1, …; the page is [offset, offset + limit). Returns the
 * sequences that overlap it (with their rank) and how many of their customers come before it.
 *
 * @example
 * pageOfRanked([{ customers: 3, … }, { customers: 5, … }], 2, 4)
 * // { total: 8, ranks: [0, 1], skip: 2 }: the third customer of the first, then three more
 */
export function pageOfRanked(
  ranked: readonly TRankedSequence[],
  offset: number,
  limit: number,
): { total: number; ranks: number[]; skip: number } {
  let before = 0;
  let skip = 0;
  const ranks: number[] = [];
  ranked.forEach((r, rank) => {
    const start = before;
    before += r.customers;
    if (before <= offset || start >= offset + limit) return;
    if (ranks.length === 0) skip = offset - start;
    ranks.push(rank);
  });
  return { total: before, ranks, skip };
}
