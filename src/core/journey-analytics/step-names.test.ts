import { describe, expect, it } from 'vitest';
import { stepNames } from './step-names.ts';

const touchpoints = [
  { id: 'tp_land', name: 'Landing' },
  { id: 'tp_buy', name: 'Checkout' },
];

describe('stepNames', () => {
  it('maps touchpoint indexes and the goal key to public keys and back, with labels', () => {
    const names = stepNames('touchpoint', touchpoints, 'Order Completed', 999);
    expect([names.keyOf(0), names.keyOf(1), names.keyOf(999)]).toEqual([
      'tp_land',
      'tp_buy',
      '$goal',
    ]);
    expect([names.rawOf('tp_buy'), names.rawOf('$goal'), names.rawOf('tp_other')]).toEqual([
      1,
      999,
      undefined,
    ]);
    expect(names.describe('tp_land')).toEqual({ label: 'Landing', touchpointId: 'tp_land' });
    expect(names.describe('$goal')).toEqual({ label: 'Order Completed', touchpointId: null });
    expect(names.describe('$none')).toEqual({ label: 'Nothing more', touchpointId: null });
    expect(stepNames('touchpoint', [], null, 999).describe('$goal').label).toBe('Goal');
  });

  it('uses event keys as they are at the event level', () => {
    const names = stepNames('event', touchpoints, 'Order Completed', 999);
    expect(names.keyOf('page:/pricing')).toBe('page:/pricing');
    expect(names.rawOf('Order Completed')).toBe('Order Completed');
    expect(names.describe('page:/pricing')).toEqual({ label: 'page:/pricing', touchpointId: null });
  });
});
