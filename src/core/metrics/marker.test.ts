import { describe, expect, it } from 'vitest';
import { measureMarker } from './marker.ts';

const base = { conversionRate: 0.1, dropOffRate: 0.3 };
const input = (over: Partial<Parameters<typeof measureMarker>[0]> = {}) => ({
  phase: 'during' as const,
  reach: 500,
  conversionRate: 0.12,
  dropOffRate: 0.25,
  kpis: [],
  values: {},
  ...over,
});

describe('measureMarker', () => {
  it('gives no marker below the minimum reach', () => {
    expect(measureMarker(input({ reach: 29 }), base).marker).toBeNull();
  });
  it('is green when conversion and drop-off beat the baseline', () => {
    expect(measureMarker(input(), base)).toEqual({ marker: 'green', reasons: [] });
  });
  it('is red when drop-off is 1.5x the baseline and 5 points above it', () => {
    const r = measureMarker(input({ dropOffRate: 0.46 }), base);
    expect(r.marker).toBe('red');
    expect(r.reasons[0]).toContain('drop-off 46.0%');
  });
  it('is red when conversion is at most half the baseline before or during purchase', () => {
    expect(measureMarker(input({ conversionRate: 0.05 }), base).marker).toBe('red');
  });
  it('does not judge after-purchase and service touchpoints on conversion', () => {
    expect(measureMarker(input({ phase: 'after', conversionRate: 0 }), base).marker).toBe('green');
  });
  it('is yellow when a KPI target is missed', () => {
    const r = measureMarker(
      input({ kpis: [{ metric: 'reach', op: 'gte', value: 1000 }], values: { reach: 500 } }),
      base,
    );
    expect(r.marker).toBe('yellow');
    expect(r.reasons[0]).toContain('KPI reach');
  });
  it('is yellow between green and red', () => {
    expect(measureMarker(input({ dropOffRate: 0.35 }), base).marker).toBe('yellow');
  });
});

describe('measureMarker with what customers wrote and rated', () => {
  const heard = (average: number | null, n: number, csat: number | null, responses: number) => ({
    sentiment: { average, n },
    csat: { csat, responses },
  });
  it('is red when the texts are strongly negative, and says why', () => {
    const r = measureMarker(input({ listening: heard(-0.42, 40, null, 0) }), base);
    expect(r).toEqual({
      marker: 'red',
      reasons: ['sentiment -0.42 across 40 texts (strongly negative: <= -0.3)'],
    });
  });
  it('is red when CSAT is below 60 %, with the other red reasons', () => {
    const r = measureMarker(input({ dropOffRate: 0.46, listening: heard(0.2, 40, 52, 25) }), base);
    expect(r).toEqual({
      marker: 'red',
      reasons: ['drop-off 46.0% vs 30.0% baseline', 'CSAT 52.0% from 25 responses (below 60%)'],
    });
  });
  it('is yellow, not green, with negative texts or CSAT below 75 %', () => {
    expect(measureMarker(input({ listening: heard(-0.1, 12, null, 0) }), base)).toEqual({
      marker: 'yellow',
      reasons: ['sentiment -0.10 across 12 texts (negative)'],
    });
    expect(measureMarker(input({ listening: heard(0.3, 12, 70, 10) }), base)).toEqual({
      marker: 'yellow',
      reasons: ['CSAT 70.0% from 10 responses (below 75%)'],
    });
  });
  it('stays green with positive texts and CSAT of 75 % or more', () => {
    expect(measureMarker(input({ listening: heard(0.3, 50, 75, 40) }), base)).toEqual({
      marker: 'green',
      reasons: [],
    });
  });
  it('does not judge fewer than 10 texts or 10 responses', () => {
    expect(measureMarker(input({ listening: heard(-0.9, 9, 10, 9) }), base).marker).toBe('green');
  });
  it('does not judge service touchpoints on sentiment, only on CSAT', () => {
    expect(
      measureMarker(input({ phase: 'service', listening: heard(-0.8, 100, 90, 30) }), base).marker,
    ).toBe('green');
    expect(
      measureMarker(input({ phase: 'service', listening: heard(-0.8, 100, 40, 30) }), base).reasons,
    ).toEqual(['CSAT 40.0% from 30 responses (below 60%)']);
  });
});
