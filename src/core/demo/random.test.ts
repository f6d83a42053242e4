import { describe, expect, it } from 'vitest';
import { deriveSeed, SeededRandom } from './random.ts';

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed', () => {
    const a = new SeededRandom(123);
    const b = new SeededRandom(123);
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(
      Array.from({ length: 20 }, () => b.next()),
    );
  });

  it('stays in [0, 1) and spreads values evenly', () => {
    const rng = new SeededRandom(9);
    const buckets = new Array(10).fill(0);
    let outside = 0;
    for (let i = 0; i < 100_000; i++) {
      const x = rng.next();
      if (x < 0 || x >= 1) outside++;
      else buckets[Math.floor(x * 10)] += 1;
    }
    expect(outside).toBe(0);
    for (const n of buckets) expect(Math.abs(n - 10_000)).toBeLessThan(500);
  });

  it('draws weighted choices in proportion', () => {
    const rng = new SeededRandom(5);
    let heads = 0;
    for (let i = 0; i < 10_000; i++)
      if (
        rng.weighted([
          ['h', 3],
          ['t', 1],
        ] as const) === 'h'
      )
        heads++;
    expect(heads / 10_000).toBeCloseTo(0.75, 1);
  });

  it('makes version-4-shaped UUIDs', () => {
    expect(new SeededRandom(1).uuid()).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it('derives different streams for different indexes and seeds', () => {
    const seeds = new Set<number>();
    for (let i = 0; i < 1000; i++) seeds.add(deriveSeed(42, i));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(1, 0)).not.toBe(deriveSeed(2, 0));
  });
});
