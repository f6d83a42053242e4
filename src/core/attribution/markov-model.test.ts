import { describe, expect, it } from 'vitest';
import {
  attributeMarkov,
  buildMarkovChain,
  collapseRepeats,
  conversionProbability,
} from './markov-model.ts';
import type { TPath } from './types.ts';

const path = (text: string, conversions: number, nulls = 0, value = 0): TPath => ({
  channels: text.split(' > '),
  conversions,
  value,
  nulls,
});

// The published example (pychattr README; see shared/data/channelattribution/SOURCE.md).
const published = [
  path('A > B > A > B > B > A', 1),
  path('A > B > B > A > A', 1),
  path('A > A', 1),
];

describe('Markov attribution', () => {
  it('gives the exact values of the published example: A 2, B 1, removal effects 1 and 0.5', () => {
    const { credits, conversionProbability: p } = attributeMarkov(published);
    expect(p).toBeCloseTo(1, 14);
    const [a, b] = credits;
    expect(a).toMatchObject({ channel: 'A' });
    expect(a!.conversions).toBeCloseTo(2, 12);
    expect(a!.removalEffect).toBeCloseTo(1, 12);
    expect(b!.conversions).toBeCloseTo(1, 12);
    expect(b!.removalEffect).toBeCloseTo(0.5, 12);
  });

  it('has the published transition probabilities once repeats are collapsed', () => {
    const chain = buildMarkovChain(published);
    const a = chain.states.findIndex((s) => s.join() === 'A');
    const b = chain.states.findIndex((s) => s.join() === 'B');
    const prob = (from: number, to: number) => {
      const m = chain.out[from]!;
      const total = [...m.values()].reduce((x, y) => x + y, 0);
      return (m.get(to) ?? 0) / total;
    };
    expect(prob(0, a)).toBe(1);
    expect(prob(a, b)).toBe(0.5);
    expect(prob(a, -1)).toBe(0.5);
    expect(prob(b, a)).toBe(1);
  });

  it('collapses runs of one channel', () => {
    expect(collapseRepeats(['A', 'A', 'B', 'B', 'A'])).toEqual(['A', 'B', 'A']);
  });

  it('solves a chain with nulls exactly: P(conversion) by hand', () => {
    // start→A (3 journeys) and →B (1); A→conversion 2, A→null 1; B→A 1 (A > ... counted again).
    const paths = [path('A', 2, 1), path('B > A', 0, 1)];
    // A: 3+1 journeys arrive, 2 convert: P(conv|A) = 2/4. start→A 3/4, →B 1/4, B→A 1.
    expect(conversionProbability(buildMarkovChain(paths))).toBeCloseTo(0.5, 14);
    const { credits } = attributeMarkov(paths);
    // Removing A loses everything; removing B loses the quarter that went through B.
    expect(credits.map((c) => c.removalEffect)).toEqual([1, expect.closeTo(0.25, 12)]);
    expect(credits[0]!.conversions).toBeCloseTo(2 * (1 / 1.25), 12);
  });

  it('builds order-k states from the last k channels, shorter at the start of a path', () => {
    const chain = buildMarkovChain([path('A > B > C > D', 1)], { order: 3 });
    expect(chain.states.slice(1)).toEqual([['A'], ['A', 'B'], ['A', 'B', 'C'], ['B', 'C', 'D']]);
    expect(() => buildMarkovChain(published, { order: 4 })).toThrow(/order/);
  });

  it('keeps repeats as states of their own in higher orders when asked', () => {
    const kept = buildMarkovChain([path('A > A > B', 1)], { order: 2, collapseRepeats: false });
    expect(kept.states.slice(1)).toEqual([['A'], ['A', 'A'], ['A', 'B']]);
  });

  it('adds up to the total conversions and value for every order', () => {
    const paths = [
      path('A > B > C', 3, 2, 30),
      path('B > C', 1, 4, 5),
      path('C > A > A > B', 2, 1, 12),
      path('A', 0, 5),
    ];
    for (const order of [1, 2, 3]) {
      for (const collapse of [true, false]) {
        const { credits } = attributeMarkov(paths, { order, collapseRepeats: collapse });
        expect(credits.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(6, 10);
        expect(credits.reduce((s, c) => s + c.value, 0)).toBeCloseTo(47, 10);
      }
    }
  });

  it('credits nothing when nothing converts', () => {
    const { credits } = attributeMarkov([path('A > B', 0, 3)]);
    expect(credits.map((c) => [c.conversions, c.removalEffect])).toEqual([
      [0, 0],
      [0, 0],
    ]);
  });
});
