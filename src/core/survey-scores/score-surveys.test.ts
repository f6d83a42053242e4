import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingDataReason, sharedDataFile } from '../../../test/helpers/shared-data.ts';
import { normalQuantile, studentTQuantile, wilsonInterval } from './intervals.ts';
import { scoreCes, scoreCsat, scoreNps, scoreResponseRate, tallyRatings } from './score-surveys.ts';

const VECTORS = 'survey-metrics/survey_metric_test_vectors.json';
const vectorsFile = sharedDataFile(VECTORS);

interface Vectors {
  nps: {
    definition: {
      scale: string;
      promoters: number[];
      passives: number[];
      detractors: number[];
      range: number[];
    };
    vectors: Array<{
      input: { pct_promoters: number; pct_passives?: number; pct_detractors: number };
      expected_nps: number;
    }>;
  };
  csat: {
    definition: { scale: string; satisfied: number[] };
    vectors: Array<{
      input: { counts_by_rating: Record<string, number>; total_responses?: number };
      expected_csat_pct: number;
    }>;
  };
  ces: {
    definition_variants: Array<{ name: string }>;
    vectors: Array<{
      input: {
        positives_ge5?: number;
        negatives?: number;
        total?: number;
        ratings_1to5?: number[];
      };
      expected_ces_pct?: number;
      expected_ces_mean?: number;
    }>;
  };
}

const loadVectors = (): Vectors => JSON.parse(readFileSync(vectorsFile!, 'utf8')) as Vectors;
/** The inclusive range [from, to] of a definition as a list of ratings. */
const span = ([from, to]: number[]) => Array.from({ length: to! - from! + 1 }, (_, i) => from! + i);

describe('published survey definitions and worked examples', () => {
  it('follows Bain: 9–10 promoters, 7–8 passives, 0–6 detractors, NPS from −100 to 100', (ctx) => {
    if (!vectorsFile) return ctx.skip(missingDataReason(VECTORS));
    const { definition } = loadVectors().nps;
    expect(definition.scale).toBe('0-10');
    for (const r of span(definition.promoters)) expect(scoreNps([r]).promoters).toBe(1);
    for (const r of span(definition.passives)) expect(scoreNps([r]).passives).toBe(1);
    // The detractor boundary is 6 (Bain), not 5 as one flagged source says.
    for (const r of span(definition.detractors)) expect(scoreNps([r]).detractors).toBe(1);
    expect(scoreNps([10, 9]).nps).toBe(definition.range[1]);
    expect(scoreNps([0, 6]).nps).toBe(definition.range[0]);
    expect(() => scoreNps([11])).toThrow(/0 to 10/);
  });

  it('reproduces every published NPS example from its percentages', (ctx) => {
    if (!vectorsFile) return ctx.skip(missingDataReason(VECTORS));
    for (const v of loadVectors().nps.vectors) {
      // Percentages become counts out of 100; whatever is not a promoter or detractor is passive.
      const { pct_promoters: p, pct_detractors: d } = v.input;
      const passives = v.input.pct_passives ?? 100 - p - d;
      expect(p + passives + d).toBe(100);
      const score = scoreNps({ 10: p, 7: passives, 0: d });
      expect(score.nps).toBeCloseTo(v.expected_nps, 10);
      expect(score.responses).toBe(100);
    }
  });

  it('counts 4 and 5 as satisfied on the 1–5 CSAT scale and reproduces the examples', (ctx) => {
    if (!vectorsFile) return ctx.skip(missingDataReason(VECTORS));
    const { definition, vectors } = loadVectors().csat;
    expect(definition.scale).toBe('1-5');
    for (let r = 1; r <= 5; r++)
      expect(scoreCsat([r]).satisfied).toBe(definition.satisfied.includes(r) ? 1 : 0);
    for (const v of vectors) {
      const counts: Record<number, number> = {};
      for (const [r, c] of Object.entries(v.input.counts_by_rating)) counts[Number(r)] = c;
      const listed = Object.values(counts).reduce((a, b) => a + b, 0);
      // A total above the listed counts means responses of 1–3 that the example did not itemize.
      const rest = (v.input.total_responses ?? listed) - listed;
      if (rest > 0) counts[3] = (counts[3] ?? 0) + rest;
      const score = scoreCsat(counts);
      expect(score.csat).toBeCloseTo(v.expected_csat_pct, 10);
      expect(score.responses).toBe(v.input.total_responses ?? listed);
    }
  });

  it('reproduces the CES examples: % agreeing (≥ 5 of 7) and the mean of a 1–5 scale', (ctx) => {
    if (!vectorsFile) return ctx.skip(missingDataReason(VECTORS));
    const { definition_variants, vectors } = loadVectors().ces;
    expect(definition_variants.map((d) => d.name)).toEqual([
      'mean agreement, 1-7',
      '% positive, 1-7 (ratings >=5)',
      'mean, 1-5',
    ]);
    let checked = 0;
    for (const v of vectors) {
      if (v.expected_ces_pct !== undefined) {
        const { positives_ge5: yes = 0, negatives: no = 0, total } = v.input;
        expect(yes + no).toBe(total);
        const score = scoreCes({ 6: yes, 2: no });
        expect(score.agreePct).toBeCloseTo(v.expected_ces_pct, 10);
        expect(score.responses).toBe(total);
        checked++;
      }
      if (v.expected_ces_mean !== undefined) {
        const score = scoreCes(v.input.ratings_1to5!, { scale: 5 });
        expect(score.mean).toBeCloseTo(v.expected_ces_mean, 10);
        checked++;
      }
    }
    expect(checked).toBe(vectors.length);
    // The 1–7 variants: every rating from 5 up agrees; the mean is a plain mean.
    expect(scoreCes([4, 5, 6, 7]).agree).toBe(3);
    expect(scoreCes([1, 7, 7]).mean).toBe(5);
  });
});

describe('survey score intervals', () => {
  it('computes the normal and t quantiles that the intervals use', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 8);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.5758293035489, 8);
    // Published t table values.
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 4)).toBeCloseTo(2.776445, 5);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.04523, 4);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.959966, 5);
  });

  it('gives a CSAT Wilson interval that matches the hand-computed worked example', () => {
    // 60 satisfied of 100: centre (0.6 + 1.92/100)/(1 + 3.84/100) = 0.5963, half-width 0.0945.
    const s = scoreCsat({ 5: 10, 4: 20, 3: 10, 2: 5, 1: 5 });
    expect(s.responses).toBe(50);
    const w = wilsonInterval(30, 50);
    expect(s.ci95!.low).toBeCloseTo(100 * w.low, 10);
    expect(wilsonInterval(60, 100).low).toBeCloseTo(0.502, 3);
    expect(wilsonInterval(60, 100).high).toBeCloseTo(0.6906, 3);
  });

  it('keeps intervals inside their range even when every answer is the same', () => {
    const all = scoreCsat([5, 5, 5]);
    expect(all.csat).toBe(100);
    expect(all.ci95!.high).toBe(100);
    expect(all.ci95!.low).toBeGreaterThan(0);
    expect(all.ci95!.low).toBeLessThan(100);
    const nps = scoreNps([10, 10, 10]);
    expect(nps.nps).toBe(100);
    expect(nps.ci95!.high).toBeLessThanOrEqual(100);
    expect(nps.ci95!.low).toBeLessThan(100);
  });

  it('gives the NPS adjusted-Wald interval of the documented worked example', () => {
    // 30 promoters, 50 passives, 20 detractors: p = 30.75/103, d = 20.75/103.
    const s = scoreNps({ 10: 30, 8: 50, 3: 20 });
    const p = 30.75 / 103;
    const d = 20.75 / 103;
    const half = 1.959963984540054 * Math.sqrt((p + d - (p - d) ** 2) / 103);
    expect(s.nps).toBe(10);
    expect(s.ci95!.low).toBeCloseTo(100 * (p - d - half), 6);
    expect(s.ci95!.high).toBeCloseTo(100 * (p - d + half), 6);
    expect(s.ci95!.low).toBeCloseTo(-3.82, 2);
    expect(s.ci95!.high).toBeCloseTo(23.24, 2);
  });

  it('narrows the NPS interval as responses grow, and covers the true NPS about 95 % of the time', () => {
    const width = (n: number) => {
      const s = scoreNps({ 10: 0.4 * n, 8: 0.3 * n, 2: 0.3 * n });
      return s.ci95!.high - s.ci95!.low;
    };
    expect(width(1000)).toBeLessThan(width(100));
    // A seeded simulation of a 40/30/30 population (true NPS 10) at n = 50.
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    let covered = 0;
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      const ratings = Array.from({ length: 50 }, () => {
        const u = random();
        return u < 0.4 ? 10 : u < 0.7 ? 8 : 2;
      });
      const ci = scoreNps(ratings).ci95!;
      if (ci.low <= 10 && 10 <= ci.high) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.93);
    expect(covered / runs).toBeLessThan(0.975);
  });

  it('gives the CES mean a t interval and its agreement share a Wilson interval', () => {
    const s = scoreCes([3, 5, 4, 5, 2], { scale: 5 });
    // s = √(6.8 / 4) = 1.3038; t(0.975, 4) = 2.7764; half-width 1.6189 (the top is clipped to 5).
    expect(s.sd).toBeCloseTo(1.30384, 4);
    expect(s.meanCi95!.low).toBeCloseTo(3.8 - 1.61893, 4);
    expect(s.meanCi95!.high).toBe(5);
    expect(s.agreeAtLeast).toBe(4);
    expect(s.agreePct).toBe(60);
    expect(scoreCes([6]).meanCi95).toBeNull();
  });

  it('reports a response rate with its interval, and nothing instead of zero when nobody answered', () => {
    const r = scoreResponseRate(120, 1000);
    expect(r.rate).toBe(12);
    expect(r.ci95!.low).toBeLessThan(12);
    expect(r.ci95!.high).toBeGreaterThan(12);
    expect(scoreResponseRate(0, 0).rate).toBeNull();
    expect(() => scoreResponseRate(5, 2)).toThrow(/responses/);
    expect(scoreCsat([]).csat).toBeNull();
    expect(scoreNps({}).nps).toBeNull();
    expect(scoreCes([]).mean).toBeNull();
  });

  it('accepts raw ratings and count tables alike, and refuses ratings off the scale', () => {
    expect(scoreCsat([5, 4, 1, 2])).toEqual(scoreCsat({ 5: 1, 4: 1, 1: 1, 2: 1 }));
    expect([...tallyRatings([5, 4, 4, 1], 1, 5)].sort()).toEqual([
      [1, 1],
      [4, 2],
      [5, 1],
    ]);
    expect(() => scoreCsat([0])).toThrow(/1 to 5/);
    expect(() => scoreCsat([4.5])).toThrow(/whole number/);
    expect(() => scoreCsat({ 4: -1 })).toThrow(/count/);
    expect(() => scoreCes([7], { scale: 5 })).toThrow(/1 to 5/);
  });
});
