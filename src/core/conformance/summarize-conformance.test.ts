import { describe, expect, it } from 'vitest';
import { fitnessBin, summarizeConformance } from './summarize-conformance.ts';

// Stage 0 = touchpoints 0, 1; stage 1 = 2.
const order = [0, 0, 1];

describe('summarizeConformance', () => {
  it('weighs each distinct sequence by its customers', () => {
    const s = summarizeConformance(
      [
        // 3 customers: 0 1 2, fitness 1.
        { sequence: [0, 1, 2], customers: 3 },
        // 1 customer: 0 2 (skips 1): coverage 2/3, fitness 5/6.
        { sequence: [0, 2], customers: 1 },
        // 2 customers: 2 1 2 1: span 0-2, met 2 of 3, 2 of 3 moves back: fitness 1/2.
        { sequence: [2, 1, 2, 1], customers: 2 },
      ],
      order,
    );
    expect(s.customers).toBe(6);
    expect(s.meanFitness).toBeCloseTo((3 * 1 + 5 / 6 + 2 * 0.5) / 6, 12);
    expect(s.histogram.map((h) => h.customers)).toEqual([0, 0, 0, 0, 0, 2, 0, 0, 1, 3]);
    expect(s.touchpoints).toEqual([
      { customers: 4, eligible: 6, skipped: 2, backwardsIn: 0, backwardsOut: 0 },
      { customers: 5, eligible: 6, skipped: 1, backwardsIn: 4, backwardsOut: 0 },
      { customers: 6, eligible: 6, skipped: 0, backwardsIn: 0, backwardsOut: 4 },
    ]);
    // 2 → 1 twice per customer of the third sequence: 4 moves, 2 customers.
    expect(s.backwards).toEqual([{ from: 2, to: 1, count: 4, customers: 2 }]);
  });

  it('has no mean without customers', () => {
    const s = summarizeConformance([], order);
    expect(s).toMatchObject({ customers: 0, meanFitness: null, backwards: [] });
    expect(s.touchpoints).toHaveLength(3);
  });

  it('bins fitness by tenths, 1 in the last bin, exact tenths in the bin they start', () => {
    expect([0, 0.05, 0.3, 0.1 + 0.2, 0.99, 1].map(fitnessBin)).toEqual([0, 0, 3, 3, 9, 9]);
  });
});
