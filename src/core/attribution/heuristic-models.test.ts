import { describe, expect, it } from 'vitest';
import {
  attributeFirstTouch,
  attributeLastTouch,
  attributeLinear,
  attributePositionBased,
  attributeTimeDecay,
  positionWeights,
} from './heuristic-models.ts';
import type { TChannelCredit, TPath } from './types.ts';

const path = (channels: string[], conversions: number, value = 0, nulls = 0): TPath => ({
  channels,
  conversions,
  value,
  nulls,
});
const byChannel = (credits: TChannelCredit[]) =>
  Object.fromEntries(credits.map((c) => [c.channel, [c.conversions, c.value]]));

const paths = [
  path(['ads', 'email', 'web'], 4, 40, 1),
  path(['web'], 1, 5),
  path(['email', 'ads'], 2, 10),
];

describe('heuristic attribution models', () => {
  it('gives first touch everything to the first channel and lists every channel', () => {
    expect(byChannel(attributeFirstTouch(paths))).toEqual({
      ads: [4, 40],
      email: [2, 10],
      web: [1, 5],
    });
  });

  it('gives last touch everything to the last channel', () => {
    expect(byChannel(attributeLastTouch(paths))).toEqual({
      ads: [2, 10],
      email: [0, 0],
      web: [5, 45],
    });
  });

  it('splits linear credit equally over touches, a repeated channel earning each share', () => {
    const credits = byChannel(attributeLinear([path(['ads', 'email', 'ads'], 3, 30)]));
    expect(credits.ads![0]).toBeCloseTo(2, 12);
    expect(credits.email![1]).toBeCloseTo(10, 12);
  });

  it('uses 40/20/40 position weights, all to a single touch and renormalized shares for two', () => {
    expect(positionWeights(1)).toEqual([1]);
    expect(positionWeights(2)).toEqual([0.5, 0.5]);
    const two = positionWeights(2, { first: 0.3, last: 0.5 });
    expect(two[0]).toBeCloseTo(0.375, 15);
    expect(two[1]).toBeCloseTo(0.625, 15);
    const four = positionWeights(4);
    expect(four[0]).toBeCloseTo(0.4, 12);
    expect(four[1]).toBeCloseTo(0.1, 12);
    expect(four[3]).toBeCloseTo(0.4, 12);
    const credits = byChannel(attributePositionBased(paths));
    expect(credits.ads![0]).toBeCloseTo(4 * 0.4 + 2 * 0.5, 12);
    expect(credits.email![0]).toBeCloseTo(4 * 0.2 + 2 * 0.5, 12);
    expect(credits.web![0]).toBeCloseTo(4 * 0.4 + 1, 12);
  });

  it('refuses position shares that add up to more than 1', () => {
    expect(() => attributePositionBased(paths, { first: 0.7, last: 0.5 })).toThrow(/at most 1/);
  });

  it('every heuristic model adds up to the total conversions and value', () => {
    for (const model of [
      attributeFirstTouch,
      attributeLastTouch,
      attributeLinear,
      attributePositionBased,
    ]) {
      const credits = model(paths);
      expect(credits.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(7, 10);
      expect(credits.reduce((s, c) => s + c.value, 0)).toBeCloseTo(55, 10);
    }
  });

  it('halves a touch’s time-decay weight for every half-life before the conversion', () => {
    const DAY = 86_400_000;
    const credits = byChannel(
      attributeTimeDecay(
        [
          {
            touches: [
              { channel: 'ads', at: Date.UTC(2026, 0, 1) },
              { channel: 'email', at: Date.UTC(2026, 0, 8) },
              { channel: 'web', at: Date.UTC(2026, 0, 15) },
            ],
            conversions: 7,
            value: 70,
          },
        ],
        { halfLifeMs: 7 * DAY },
      ),
    );
    // Weights 1/4, 1/2, 1 normalized: 1/7, 2/7, 4/7.
    expect(credits.ads![0]).toBeCloseTo(1, 12);
    expect(credits.email![0]).toBeCloseTo(2, 12);
    expect(credits.web![1]).toBeCloseTo(40, 12);
  });

  it('keeps time-decay weights finite over histories of many half-lives', () => {
    const credits = attributeTimeDecay(
      [
        {
          touches: [
            { channel: 'a', at: 0 },
            { channel: 'b', at: 1e12 },
          ],
          conversions: 1,
          value: 0,
        },
      ],
      { halfLifeMs: 1000 },
    );
    expect(credits.map((c) => c.conversions)).toEqual([0, 1]);
    expect(() => attributeTimeDecay([], { halfLifeMs: 0 })).toThrow(/half-life/);
  });
});
