import { describe, expect, it } from 'vitest';
import { assembleFunnelSteps, rankNextSteps } from './assemble-funnel.ts';

const steps = [
  { label: 'Landing', touchpointId: 'tp_1', event: null },
  { label: 'Checkout', touchpointId: 'tp_2', event: null },
  { label: 'Order Completed', touchpointId: null, event: 'Order Completed' },
];

describe('assembleFunnelSteps', () => {
  it('divides by the previous and the first step, with no time before the first', () => {
    const out = assembleFunnelSteps(steps, [
      { customers: 8, medianHours: 5 },
      { customers: 4, medianHours: 24 },
      { customers: 1, medianHours: 2.5 },
    ]);
    expect(out.map((s) => [s.index, s.conversionFromPrevious, s.conversionFromFirst])).toEqual([
      [0, 1, 1],
      [1, 0.5, 0.5],
      [2, 0.25, 0.125],
    ]);
    expect(out.map((s) => s.medianHoursFromPrevious)).toEqual([null, 24, 2.5]);
    expect(out[2]).toMatchObject({ label: 'Order Completed', event: 'Order Completed' });
  });

  it('reports rates over no customers as 0', () => {
    const out = assembleFunnelSteps(steps, [
      { customers: 0, medianHours: null },
      { customers: 0, medianHours: null },
      { customers: 0, medianHours: null },
    ]);
    expect(out.map((s) => [s.conversionFromPrevious, s.conversionFromFirst])).toEqual([
      [0, 0],
      [0, 0],
      [0, 0],
    ]);
  });
});

describe('rankNextSteps', () => {
  it('ranks by customers, ties by key, and keeps the first ten', () => {
    const rows = [
      { key: 'tp_b', customers: 2 },
      { key: '$none', customers: 5 },
      { key: 'tp_a', customers: 2 },
      ...Array.from({ length: 10 }, (_, i) => ({ key: `tp_z${i}`, customers: 1 })),
    ];
    const out = rankNextSteps(rows, (k) => `label ${k}`);
    expect(out).toHaveLength(10);
    expect(out.slice(0, 4)).toEqual([
      { key: '$none', label: 'label $none', customers: 5 },
      { key: 'tp_a', label: 'label tp_a', customers: 2 },
      { key: 'tp_b', label: 'label tp_b', customers: 2 },
      { key: 'tp_z0', label: 'label tp_z0', customers: 1 },
    ]);
  });
});
