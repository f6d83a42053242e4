import { describe, expect, it } from 'vitest';
import { evaluateConditions, journeyFactsNeeded, testValue } from './evaluate-conditions.ts';

const ctx = {
  traits: { plan: 'pro', age: 41, address: { country: 'DE' } },
  eventProperties: { total: '120.5', coupon: 'SUMMER' },
  reachedTouchpoints: new Set(['tp_a']),
  reachedGoals: new Set<string>(),
};

describe('conditions', () => {
  it('tests values like the SQL rules do', () => {
    expect(testValue('pro', 'eq', 'pro')).toBe(true);
    expect(testValue(undefined, 'neq', 'pro')).toBe(true);
    expect(testValue(undefined, 'eq', 'pro')).toBe(false);
    expect(testValue('41', 'gte', 41)).toBe(true);
    expect(testValue('x', 'gt', 1)).toBe(false);
    expect(testValue('Gold', 'in', ['silver', 'Gold'])).toBe(true);
    expect(testValue('SUMMER', 'contains', 'summ')).toBe(true);
    expect(testValue(null, 'not_exists', undefined)).toBe(true);
  });

  it('combines trait, event property and journey conditions with all and any', () => {
    const all = {
      match: 'all' as const,
      conditions: [
        { type: 'trait' as const, trait: 'address.country', op: 'eq' as const, value: 'DE' },
        { type: 'event_property' as const, key: 'total', op: 'gt' as const, value: 100 },
        { type: 'touchpoint' as const, touchpointId: 'tp_a', reached: true },
        { type: 'goal' as const, journeyId: 'jny_1', reached: false },
      ],
    };
    expect(evaluateConditions(all, ctx)).toBe(true);
    const failing = {
      ...all,
      conditions: [
        ...all.conditions,
        { type: 'touchpoint' as const, touchpointId: 'tp_b', reached: true },
      ],
    };
    expect(evaluateConditions(failing, ctx)).toBe(false);
    expect(evaluateConditions({ ...failing, match: 'any' }, ctx)).toBe(true);
    expect(evaluateConditions({ match: 'any', conditions: [] }, ctx)).toBe(true);
    expect(journeyFactsNeeded([failing])).toEqual({
      touchpointIds: ['tp_a', 'tp_b'],
      journeyIds: ['jny_1'],
    });
  });
});
