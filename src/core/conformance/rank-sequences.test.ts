import { describe, expect, it } from 'vitest';
import { pageOfRanked, rankSequences } from './rank-sequences.ts';

const order = [0, 0, 1];

describe('ranking customers by fitness', () => {
  const counts = [
    { sequence: [0, 1, 2], customers: 2 }, // 1
    { sequence: [2, 0], customers: 3 }, // span 0-2, met 2/3, back 1/1: (0 + 2/3) / 2
    { sequence: [0], customers: 1 }, // 1
    { sequence: [0, 2], customers: 1 }, // 5/6
  ];

  it('ranks worst first, ties in sequence order, and best first on request', () => {
    expect(rankSequences(counts, order).map((r) => r.sequence)).toEqual([
      [2, 0],
      [0, 2],
      [0],
      [0, 1, 2],
    ]);
    expect(rankSequences(counts, order, 'desc').map((r) => r.sequence)).toEqual([
      [0],
      [0, 1, 2],
      [0, 2],
      [2, 0],
    ]);
  });

  it('finds the sequences a page of customers draws from', () => {
    const ranked = rankSequences(counts, order);
    // Positions: [2,0] 0-2, [0,2] 3, [0] 4, [0,1,2] 5-6.
    expect(pageOfRanked(ranked, 2, 3)).toEqual({ total: 7, ranks: [0, 1, 2], skip: 2 });
    expect(pageOfRanked(ranked, 5, 10)).toEqual({ total: 7, ranks: [3], skip: 0 });
    expect(pageOfRanked(ranked, 7, 10)).toEqual({ total: 7, ranks: [], skip: 0 });
  });
});
