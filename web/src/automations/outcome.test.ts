import { describe, expect, it } from 'vitest';
import type { AutomationOutcome } from '../types.ts';
import {
  differenceRows,
  formatPoints,
  hasRates,
  outcomeChartOption,
  outcomeHeadline,
  outcomeRows,
  outcomeShort,
} from './outcome.ts';

const share = (successes: number, n: number) => ({
  n,
  successes,
  rate: n > 0 ? successes / n : null,
});

/** Newcombe 1998 example (a): 56/70 against 48/80, interval 0.0524 to 0.3339. */
const base: AutomationOutcome = {
  automationId: 'aut_1',
  journeyId: 'j_1',
  goal: 'Order Completed',
  windowDays: 30,
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-03-01T00:00:00.000Z',
  includeOpen: false,
  nextStage: { stageId: 'st_2', name: 'Buy' },
  treated: {
    customers: 75,
    measured: 70,
    inWindow: 5,
    conversion: share(56, 70),
    nextStage: share(35, 70),
  },
  control: {
    customers: 80,
    measured: 80,
    inWindow: 0,
    conversion: share(48, 80),
    nextStage: share(40, 80),
  },
  conversionDifference: {
    difference: 0.2,
    ci95: { low: 0.0524, high: 0.3339 },
    significant: true,
  },
  nextStageDifference: { difference: 0, ci95: { low: -0.16, high: 0.16 }, significant: false },
  notes: [],
};

describe('the outcome in words', () => {
  it('writes differences in percentage points with a real minus sign', () => {
    expect(formatPoints(0.0631)).toBe('+6.3 points');
    expect(formatPoints(-0.041)).toBe('−4.1 points');
    expect(formatPoints(0.0001)).toBe('0 points');
    expect(formatPoints(null)).toBe('—');
  });

  it('states both groups with the numbers behind the rates and whether it is chance', () => {
    expect(outcomeHeadline(base)).toBe(
      'Customers who went through it converted at 80% (56 of 70); those who qualified while it was off at 60% (48 of 80): 20.0 points higher (95% interval +5.2 to +33.4 points): more than chance would explain.',
    );
    expect(outcomeShort(base)).toBe('+20.0 points conversion');
  });

  it('says when the difference could be chance', () => {
    const o = {
      ...base,
      conversionDifference: {
        difference: -0.05,
        ci95: { low: -0.2, high: 0.1 },
        significant: false,
      },
    };
    expect(outcomeHeadline(o)).toMatch(
      /a difference of −5\.0 points \(95% interval −20\.0 to \+10\.0 points\), which could still be chance\.$/,
    );
    expect(outcomeShort(o)).toBe('−5.0 points conversion (could be chance)');
  });

  it('explains why there is nothing to compare', () => {
    expect(outcomeHeadline({ ...base, goal: null })).toBe(
      'The journey has no goal, so no conversion can be counted.',
    );
    const waiting = { ...base, treated: { ...base.treated, measured: 0, conversion: share(0, 0) } };
    expect(outcomeHeadline(waiting)).toBe(
      '75 went through it; none has finished the 30-day window in which a conversion counts yet.',
    );
    expect(outcomeShort(waiting)).toBe('Not measured yet');
    expect(hasRates(waiting)).toBe(true);
    expect(hasRates({ ...waiting, control: { ...base.control, conversion: share(0, 0) } })).toBe(
      false,
    );
    const alone = { ...base, control: { ...base.control, measured: 0, conversion: share(0, 0) } };
    expect(outcomeHeadline(alone)).toBe(
      'Customers who went through it converted at 80% (56 of 70); there is no comparison group to hold it against yet.',
    );
  });

  it('tabulates both groups side by side, with the next stage when there is one', () => {
    expect(outcomeRows(base)).toEqual([
      { label: 'Customers who qualified', treated: '75', control: '80' },
      { label: 'Measured (their 30-day window has closed)', treated: '70', control: '80' },
      { label: 'Still inside their window', treated: '5', control: '0' },
      {
        label: 'Converted (Order Completed)',
        treated: '80% (56 of 70)',
        control: '60% (48 of 80)',
      },
      {
        label: 'Reached the next stage (Buy)',
        treated: '50% (35 of 70)',
        control: '50% (40 of 80)',
      },
    ]);
    expect(differenceRows(base)).toEqual([
      {
        label: 'Conversion',
        difference: '+20.0 points',
        interval: '+5.2 to +33.4 points',
        reading: 'more than chance',
      },
      {
        label: 'Reached Buy',
        difference: '0 points',
        interval: '−16.0 to +16.0 points',
        reading: 'could be chance',
      },
    ]);
  });

  it('charts the rates in percent, one bar per group and figure', () => {
    const option = outcomeChartOption(base) as {
      xAxis: { data: string[] };
      series: Array<{ name: string; data: Array<number | null> }>;
    };
    expect(option.xAxis.data).toEqual(['Conversion', 'Reached Buy']);
    expect(option.series.map((s) => [s.name, s.data])).toEqual([
      ['Went through it', [80, 50]],
      ['Qualified while it was off', [60, 50]],
    ]);
  });
});
