import { describe, expect, it } from 'vitest';
import { compareProportions, proportion } from './compare-proportions.ts';

describe('two-proportion comparison', () => {
  it("matches Newcombe's published interval for 56/70 against 48/80", () => {
    // Newcombe (1998), Statistics in Medicine 17:873-890, table II, example (a), method 10.
    const r = compareProportions(proportion(56, 70), proportion(48, 80));
    expect(r.difference).toBeCloseTo(0.2, 10);
    expect(r.ci95!.low).toBeCloseTo(0.0524, 4);
    expect(r.ci95!.high).toBeCloseTo(0.3339, 4);
    expect(r.significant).toBe(true);
  });

  it("matches Newcombe's example (d), 9/10 against 3/10, and refuses empty groups", () => {
    const r = compareProportions(proportion(9, 10), proportion(3, 10));
    expect(r.ci95!.low).toBeCloseTo(0.1705, 4);
    expect(r.ci95!.high).toBeCloseTo(0.809, 4);
    expect(compareProportions(proportion(0, 0), proportion(3, 10))).toEqual({
      difference: null,
      ci95: null,
      significant: null,
    });
  });
});
