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
