import { describe, expect, it } from 'vitest';
import { scoreGroups } from '../../../src/core/surveys/score-groups.ts';
import {
  busiestMetric,
  describeScores,
  emptyGroup,
  fillBuckets,
  formatInterval,
  formatMetric,
  groupLabel,
  metricOfKind,
  metricValue,
  nextBucket,
  scoreTrendOption,
} from './scores.ts';

// biome-ignore lint/suspicious/noExplicitAny: reading into ECharts' loosely typed option objects
type Any = any;

/**
 * The worked example of docs/voice-of-customer.md, scored by the server's own code: CSAT answers
 * 5, 4, 2, 5, 3 with six invitations; NPS 8, 10, 6, 9, 7, 0; CES 7, 4, 5.
 */
const [worked] = scoreGroups(
  [{ key: 'tp_1', label: 'Post-delivery survey' }],
  [
    { group: 'tp_1', kind: 'csat', score: 5, n: 2 },
    { group: 'tp_1', kind: 'csat', score: 4, n: 1 },
    { group: 'tp_1', kind: 'csat', score: 3, n: 1 },
    { group: 'tp_1', kind: 'csat', score: 2, n: 1 },
    ...[8, 10, 6, 9, 7, 0].map((score) => ({ group: 'tp_1', kind: 'nps' as const, score, n: 1 })),
    ...[7, 4, 5].map((score) => ({ group: 'tp_1', kind: 'ces' as const, score, n: 1 })),
  ],
  [{ group: 'tp_1', invited: 6, answered: 5 }],
);

describe('reading a group', () => {
  it('reads the worked example as the docs do: CSAT 60% (23–88%), NPS 0, CES 5.33, 83.3% answered', () => {
    const g = worked!;
    expect(formatMetric('csat', metricValue(g, 'csat').value)).toBe('60%');
    expect(formatInterval('csat', metricValue(g, 'csat').ci)).toBe('23–88%');
    expect(metricValue(g, 'csat').n).toBe(5);
    expect(formatMetric('nps', metricValue(g, 'nps').value)).toBe('0');
    expect(formatMetric('ces', metricValue(g, 'ces').value)).toBe('5.33');
    expect(formatMetric('responseRate', metricValue(g, 'responseRate').value)).toBe('83.3%');
    expect(metricValue(g, 'responseRate').n).toBe(6);
  });

  it('signs NPS figures and intervals, and says — when there is nothing', () => {
    expect(formatMetric('nps', 12)).toBe('+12');
    expect(formatMetric('nps', -5.25)).toBe('−5.3');
    expect(formatInterval('nps', { low: -20.4, high: 35.6 })).toBe('−20 to +36');
    expect(formatInterval('ces', { low: 4.24, high: 6.06 })).toBe('4.2–6.1');
    expect(formatMetric('csat', null)).toBe('—');
    expect(formatInterval('csat', null)).toBe('—');
  });

  it('judges a survey by its kind, a custom one by its response rate', () => {
    expect(metricOfKind('nps')).toBe('nps');
    expect(metricOfKind('custom')).toBe('responseRate');
  });

  it('picks the figure with the most answers', () => {
    // 6 NPS answers against 5 CSAT and 3 CES.
    expect(busiestMetric([worked!])).toBe('nps');
    expect(busiestMetric([emptyGroup('x')])).toBe('responseRate');
  });
});

describe('weeks and months', () => {
  it('steps to the next Monday and the next month, across a year end', () => {
    expect(nextBucket('2025-12-29', 'week')).toBe('2026-01-05');
    expect(nextBucket('2025-12', 'month')).toBe('2026-01');
    expect(nextBucket('2025-02', 'month')).toBe('2025-03');
  });

  it('puts the quiet weeks back between answered ones, empty', () => {
    const filled = fillBuckets(
      [
        { ...worked!, key: '2025-06-23' },
        { ...worked!, key: '2025-06-02' },
      ],
      'week',
    );
    expect(filled.map((g) => g.key)).toEqual([
      '2025-06-02',
      '2025-06-09',
      '2025-06-16',
      '2025-06-23',
    ]);
    expect(filled[1]!.responses).toBe(0);
    expect(metricValue(filled[1]!, 'csat').value).toBeNull();
    expect(fillBuckets([], 'month')).toEqual([]);
  });

  it('labels weeks by their Monday and months by name', () => {
    expect(groupLabel({ key: '2025-06-09', label: '2025-06-09' }, 'week')).toBe('w/c 9 Jun 2025');
    expect(groupLabel({ key: '2025-06', label: '2025-06' }, 'month')).toBe('Jun 2025');
    expect(groupLabel({ key: 'tp_1', label: 'Checkout' }, 'touchpoint')).toBe('Checkout');
  });
});

describe('scoreTrendOption', () => {
  it('draws the interval as a band: an invisible low line and the width stacked on it', () => {
    const weeks = fillBuckets(
      [
        { ...worked!, key: '2025-06-02' },
        { ...worked!, key: '2025-06-16' },
      ],
      'week',
    );
    const option = scoreTrendOption(weeks, 'csat', 'week') as Any;
    const [low, band, line] = option.series;
    const ci = worked!.csat.ci95!;
    expect(low.stack).toBe('ci');
    expect(band.stack).toBe('ci');
    expect(low.data).toEqual([ci.low, '-', ci.low]);
    expect(band.data).toEqual([ci.high - ci.low, '-', ci.high - ci.low]);
    expect(line.data).toEqual([60, '-', 60]);
    expect(option.xAxis.data).toEqual(['w/c 2 Jun 2025', 'w/c 9 Jun 2025', 'w/c 16 Jun 2025']);
    expect(option.yAxis).toMatchObject({ min: 0, max: 100 });
    expect(option.tooltip.formatter([{ dataIndex: 1 }])).toBe('w/c 9 Jun 2025: no responses');
    expect(option.tooltip.formatter([{ dataIndex: 0 }])).toBe(
      'w/c 2 Jun 2025: CSAT 60% (95% interval 23–88%; 5 responses)',
    );
  });

  it('says what it shows in words', () => {
    expect(describeScores([worked!], 'csat', 'touchpoint')).toBe(
      'CSAT per touchpoint: Post-delivery survey 60%.',
    );
    expect(describeScores([emptyGroup('2025-06')], 'nps', 'month')).toBe(
      'NPS: nothing to score in this range.',
    );
  });
});
