import { describe, expect, it } from 'vitest';
import { attributeTimeDecay } from './heuristic-models.ts';
import {
  assembleJourneyAttribution,
  attributionKeys,
  parsePositionShares,
} from './journey-attribution.ts';
import { indexKeyedPaths, indexPaths } from './types.ts';

const touchpoints = [
  { id: 'tp_a', name: 'Ad', channel: 'ads' },
  { id: 'tp_l', name: 'Landing', channel: 'web' },
  { id: 'tp_c', name: 'Checkout', channel: 'web' },
];

describe('journey attribution', () => {
  it('keys channels by first use in map order, or touchpoints in map order', () => {
    expect(attributionKeys(touchpoints, 'channel')).toEqual({
      keys: [
        { key: 'ads', label: 'ads', channel: 'ads' },
        { key: 'web', label: 'web', channel: 'web' },
      ],
      keyOf: [0, 1, 1],
    });
    expect(attributionKeys(touchpoints, 'touchpoint').keys[2]).toEqual({
      key: 'tp_c',
      label: 'Checkout',
      channel: 'web',
    });
  });

  it('reads position shares that add up to 1, and nothing else', () => {
    expect(parsePositionShares('0.3, 0.2,0.5')).toEqual([0.3, 0.2, 0.5]);
    expect(parsePositionShares('1,0,0')).toEqual([1, 0, 0]);
    for (const bad of ['0.5,0.5,0.5', '0.4,0.2', 'a,b,c', '0.4,,0.6', '-0.2,0.6,0.6', '']) {
      expect(parsePositionShares(bad), bad).toBeUndefined();
    }
  });

  it('runs the models over the paths, sums time decay per key and counts the direct rest', () => {
    const { keys, keyOf } = attributionKeys(touchpoints, 'channel');
    const r = assembleJourneyAttribution({
      journeyId: 'jny_x',
      by: 'channel',
      from: new Date('2025-01-01T00:00:00Z'),
      to: new Date('2025-02-01T00:00:00Z'),
      personaId: null,
      lookbackDays: 7,
      halfLifeDays: 7,
      position: [0.4, 0.2, 0.4],
      markovOrder: 1,
      keys,
      keyOf,
      paths: [
        { keys: [0, 1], conversions: 2, value: 20, nulls: 0 },
        { keys: [1], conversions: 0, value: 0, nulls: 3 },
      ],
      // Per touchpoint: Landing and Checkout are both web.
      timeDecay: [
        { tp: 0, conversions: 0.5, value: 5 },
        { tp: 1, conversions: 1, value: 10 },
        { tp: 2, conversions: 0.5, value: 5 },
      ],
      totals: { conversions: 3, value: 35 },
    });
    expect(r.totals).toEqual({
      conversions: 3,
      value: 35,
      convertingPaths: 2,
      nonConvertingPaths: 3,
      unattributed: 1,
      unattributedValue: 15,
      distinctPaths: 2,
    });
    expect(r.models.first).toEqual([
      { key: 'ads', conversions: 2, value: 20 },
      { key: 'web', conversions: 0, value: 0 },
    ]);
    expect(r.models.timeDecay).toEqual([
      { key: 'ads', conversions: 0.5, value: 5 },
      { key: 'web', conversions: 1.5, value: 15 },
    ]);
    // start → ads 2, start → web 3; ads → web 2; web converts 2 of 5: P = 2/5. Without ads
    // only start → web is left: 3/5 · 2/5 → RE 1 − 3/5 = 0.4; without web nothing converts: 1.
    expect(r.models.markov.map((m) => m.removalEffect)).toEqual([0.4, 1]);
    expect(r.models.markov[0]!.conversions).toBeCloseTo((2 * 0.4) / 1.4, 12);
    expect(r.models.shapley).toEqual([
      { key: 'ads', conversions: 1, value: 10 },
      { key: 'web', conversions: 1, value: 10 },
    ]);
    expect(r.notes).toEqual([
      '1 conversion(s) had no touch in their 7-day lookback: counted as (direct) in ' +
        'totals.unattributed and credited by no model',
    ]);
  });

  it("uses attributeTimeDecay's weights: what the query computes per touch", () => {
    // The weights the query applies, 2^(−age ÷ half-life) normalized per conversion, for a touch
    // 7 days and one 0 days before: 1/3 and 2/3.
    const day = 86_400_000;
    const core = attributeTimeDecay(
      [
        {
          touches: [
            { channel: 'ads', at: 0 },
            { channel: 'web', at: 7 * day },
          ],
          conversions: 1,
          value: 3,
        },
      ],
      { halfLifeMs: 7 * day },
    );
    expect(core.map((c) => c.conversions)).toEqual([1 / 3, 2 / 3]);
  });
  it('indexes keyed paths exactly as the models would index the named ones', () => {
    const names = ['web', 'ads', 'chat', 'email'];
    const keyed = [
      { keys: [1, 0, 0], conversions: 1, value: 5, nulls: 0 },
      { keys: [2], conversions: 0, value: 0, nulls: 2 },
    ];
    const named = () => keyed.map((p) => ({ ...p, channels: p.keys.map((k) => names[k]!) }));
    // email is on no path: neither lists it.
    expect(indexKeyedPaths(named(), names, keyed)).toEqual(indexPaths(named()));
  });
});
