import { describe, expect, it } from 'vitest';
import { assemblePathLists } from './assemble-paths.ts';

describe('assemblePathLists', () => {
  it('names and orders the counts and gives each variant its share of the sequences', () => {
    const out = assemblePathLists(
      {
        sequences: 4,
        steps: 7,
        distinctVariants: 3,
        nodes: [
          { key: 'b', count: 3 },
          { key: 'a', count: 3 },
          { key: '$goal', count: 1 },
        ],
        nodeSequences: [
          { key: 'a', count: 3 },
          { key: 'b', count: 2 },
          { key: '$goal', count: 1 },
        ],
        edges: [
          { from: 'b', to: 'a', count: 1, medianHours: 2 },
          { from: 'a', to: 'b', count: 2, medianHours: null },
        ],
        starts: [
          { key: 'b', count: 1 },
          { key: 'a', count: 3 },
        ],
        ends: [{ key: 'b', count: 4 }],
        variants: [
          { steps: ['a', 'b'], count: 1 },
          { steps: ['a', 'b', 'a'], count: 2 },
          { steps: ['b'], count: 1 },
        ],
      },
      (key) => ({ label: key.toUpperCase(), touchpointId: key === '$goal' ? null : key }),
    );
    // Ties by key: a before b.
    expect(out.nodes).toEqual([
      { key: 'a', label: 'A', touchpointId: 'a', count: 3, sequences: 3 },
      { key: 'b', label: 'B', touchpointId: 'b', count: 3, sequences: 2 },
      { key: '$goal', label: '$GOAL', touchpointId: null, count: 1, sequences: 1 },
    ]);
    expect(out.edges.map((e) => `${e.from}${e.to}`)).toEqual(['ab', 'ba']);
    expect(out.starts).toEqual([
      { key: 'a', count: 3 },
      { key: 'b', count: 1 },
    ]);
    // Most frequent first; equal counts keep the query's order.
    expect(out.variants).toEqual([
      { steps: ['a', 'b', 'a'], count: 2, share: 0.5 },
      { steps: ['a', 'b'], count: 1, share: 0.25 },
      { steps: ['b'], count: 1, share: 0.25 },
    ]);
    expect(out).toMatchObject({ sequences: 4, steps: 7, distinctVariants: 3 });
  });
});
