import { describe, expect, it } from 'vitest';
import { planDelivery } from './plan-delivery.ts';

const settings = {
  timezone: 'Europe/Berlin',
  quietHours: { start: '21:00', end: '08:00' },
  maxMessagesPerDay: 2,
};

describe('message delivery plan', () => {
  it('sends in the day, defers in quiet hours to their end', () => {
    expect(planDelivery(new Date('2026-01-05T10:00:00Z'), settings, 0)).toEqual({ send: true });
    // 21:30 in Berlin (UTC+1): quiet until 08:00 Berlin = 07:00 UTC next day.
    expect(planDelivery(new Date('2026-01-05T20:30:00Z'), settings, 0)).toEqual({
      send: false,
      until: new Date('2026-01-06T07:00:00Z'),
      reason: 'quiet_hours',
    });
  });

  it('defers past the daily cap to the next local day, after its quiet hours', () => {
    expect(planDelivery(new Date('2026-01-05T10:00:00Z'), settings, 2)).toEqual({
      send: false,
      until: new Date('2026-01-06T07:00:00Z'),
      reason: 'frequency_limit',
    });
    expect(
      planDelivery(new Date('2026-01-05T10:00:00Z'), { ...settings, quietHours: null }, 2),
    ).toEqual({ send: false, until: new Date('2026-01-05T23:00:00Z'), reason: 'frequency_limit' });
    expect(
      planDelivery(new Date('2026-01-05T10:00:00Z'), { ...settings, maxMessagesPerDay: null }, 9),
    ).toEqual({ send: true });
  });
});
