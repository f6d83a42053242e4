import { describe, expect, it } from 'vitest';
import type { TouchpointMetrics } from '../metrics/types.ts';
import { compareImpact, impactWindows } from './task-impact.ts';

const m = (over: Partial<TouchpointMetrics>) =>
  ({
    volume: 0,
    reach: 0,
    conversionRate: 0,
    dropOffRate: 0,
    medianHoursToNext: null,
    ...over,
  }) as TouchpointMetrics;

describe('task impact', () => {
  it('takes the 30 days before and after completion, cutting the second at now', () => {
    const done = new Date('2025-03-01T12:00:00Z');
    const w = impactWindows(done, new Date('2025-03-11T12:00:00Z'));
    expect(w.before).toEqual({ from: new Date('2025-01-30T12:00:00Z'), to: done });
    expect(w.after).toEqual({ from: done, to: new Date('2025-03-11T12:00:00Z'), complete: false });
    const later = impactWindows(done, new Date('2025-06-01T00:00:00Z'), 30);
    expect(later.after).toEqual({
      from: done,
      to: new Date('2025-03-31T12:00:00Z'),
      complete: true,
    });
  });

  it('reports each figure before and after with its change, null where a figure is missing', () => {
    const changes = compareImpact(
      m({ volume: 200, reach: 100, dropOffRate: 0.4, conversionRate: 0.1, medianHoursToNext: 10 }),
      m({ volume: 300, reach: 100, dropOffRate: 0.3, conversionRate: 0.15 }),
    );
    expect(changes).toEqual([
      { metric: 'volume', before: 200, after: 300, change: 100, relativeChange: 0.5 },
      { metric: 'reach', before: 100, after: 100, change: 0, relativeChange: 0 },
      {
        metric: 'conversionRate',
        before: 0.1,
        after: 0.15,
        change: expect.closeTo(0.05, 10),
        relativeChange: expect.closeTo(0.5, 10),
      },
      {
        metric: 'dropOffRate',
        before: 0.4,
        after: 0.3,
        change: expect.closeTo(-0.1, 10),
        relativeChange: expect.closeTo(-0.25, 10),
      },
      { metric: 'medianHoursToNext', before: 10, after: null, change: null, relativeChange: null },
    ]);
    // No touch before: zeros, and no relative change from zero.
    expect(compareImpact(undefined, m({ volume: 5 }))[0]).toEqual({
      metric: 'volume',
      before: 0,
      after: 5,
      change: 5,
      relativeChange: null,
    });
  });
});
