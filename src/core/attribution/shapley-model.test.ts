import { describe, expect, it } from 'vitest';
import { attributeShapley } from './shapley-model.ts';
import type { TPath } from './types.ts';

const path = (channels: string[], conversions: number, value = 0): TPath => ({
  channels,
  conversions,
  value,
  nulls: 0,
});

describe('Shapley attribution', () => {
  it('computes the textbook two-player game: v(a) = 2, v(b) = 1, v(ab) = 2 + 1 + 3', () => {
    const credits = attributeShapley([path(['a'], 2), path(['b'], 1), path(['a', 'b'], 3)]);
    // φ_a = ½ (v(a) − 0) + ½ (v(ab) − v(b)) = ½·2 + ½·5 = 3.5
    expect(credits.map((c) => c.conversions)).toEqual([3.5, 2.5]);
  });

  it('enumerating coalitions gives the same values as splitting each path over its channels', () => {
    const names = 'abcdefg'.split('');
    let seed = 3;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const paths = Array.from({ length: 60 }, () =>
      path(
        Array.from({ length: 1 + Math.floor(rand() * 5) }, () => names[Math.floor(rand() * 7)]!),
        Math.floor(rand() * 5),
        rand() * 100,
      ),
    );
    const exact = attributeShapley(paths);
    const split = attributeShapley(paths, { enumerationLimit: 0 });
    expect(exact.map((c) => c.channel)).toEqual(split.map((c) => c.channel));
    exact.forEach((c, i) => {
      expect(c.conversions).toBeCloseTo(split[i]!.conversions, 9);
      expect(c.value).toBeCloseTo(split[i]!.value, 9);
    });
    const total = paths.reduce((s, p) => s + p.conversions, 0);
    expect(exact.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(total, 9);
  });
});
