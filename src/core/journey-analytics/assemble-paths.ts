import type { KeyCount, PathEdge, PathNode, PathVariant } from './types.ts';

/** What the paths query counts, with step keys already in their public form. */
export interface PathCounts {
  sequences: number;
  steps: number;
  distinctVariants: number;
  /** Steps per key. */
  nodes: ReadonlyArray<{ key: string; count: number }>;
  /** Sequences holding the key. */
  nodeSequences: ReadonlyArray<{ key: string; count: number }>;
  edges: ReadonlyArray<{ from: string; to: string; count: number; medianHours: number | null }>;
  starts: readonly KeyCount[];
  ends: readonly KeyCount[];
  /** The most frequent variants, most frequent first (ties in the query's order). */
  variants: ReadonlyArray<{ steps: string[]; count: number }>;
}

/** How a step key is shown: its label and, for a touchpoint, its id. */
export type DescribeStep = (key: string) => { label: string; touchpointId: string | null };

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** Most frequent first; ties by key (code-point order), so that the lists are deterministic. */
const byCount = <T extends { count: number }>(rows: readonly T[], key: (row: T) => string) =>
  [...rows].sort((a, b) => b.count - a.count || compare(key(a), key(b)));

/**
 * The paths report's lists from the query's counts: nodes with their labels and sequence counts,
 * edges, start and end keys, most frequent first (ties by key), and each variant's share of all
 * sequences. Pure: the query returns compact counts, this names and orders them.
 *
 * @example assemblePathLists({ sequences: 2, variants: [{ steps: ['a'], count: 1 }], … }, d)
 *   // variants: [{ steps: ['a'], count: 1, share: 0.5 }]
 */
export function assemblePathLists(counts: PathCounts, describe: DescribeStep) {
  const sequencesOf = new Map(counts.nodeSequences.map((n) => [n.key, n.count]));
  const nodes: PathNode[] = byCount(counts.nodes, (n) => n.key).map((n) => ({
    key: n.key,
    ...describe(n.key),
    count: n.count,
    sequences: sequencesOf.get(n.key) ?? 0,
  }));
  const edges: PathEdge[] = byCount(counts.edges, (e) => `${e.from}\u0000${e.to}`).map((e) => ({
    ...e,
  }));
  // Variants keep the query's order among equal counts (map order at the touchpoint level).
  const variants: PathVariant[] = [...counts.variants]
    .sort((a, b) => b.count - a.count)
    .map((v) => ({
      steps: [...v.steps],
      count: v.count,
      share: counts.sequences > 0 ? v.count / counts.sequences : 0,
    }));
  return {
    sequences: counts.sequences,
    steps: counts.steps,
    distinctVariants: counts.distinctVariants,
    nodes,
    edges,
    starts: byCount(counts.starts, (s) => s.key),
    ends: byCount(counts.ends, (s) => s.key),
    variants,
  };
}
