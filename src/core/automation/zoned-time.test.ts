import { describe, expect, it } from 'vitest';
import {
  lastFiring,
  localDayKey,
  nextBusinessMoment,
  nextLocalTime,
  quietHoursEnd,
  startOfNextLocalDay,
  waitEnd,
  zonedInstant,
} from './zoned-time.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const hours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

describe('zoned time', () => {
  it('turns a local time into an instant across winter and summer time', () => {
    // Berlin is UTC+1 in January and UTC+2 in July.
    expect(iso(zonedInstant({ year: 2026, month: 1, day: 5 }, '09:00', 'Europe/Berlin'))).toBe(
      '2026-01-05T08:00:00.000Z',
    );
    expect(iso(zonedInstant({ year: 2026, month: 7, day: 6 }, '09:00', 'Europe/Berlin'))).toBe(
      '2026-07-06T07:00:00.000Z',
    );
    // 02:30 does not exist on 29 March 2026 in Berlin (clocks jump from 02:00 to 03:00).
    expect(iso(zonedInstant({ year: 2026, month: 3, day: 29 }, '02:30', 'Europe/Berlin'))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 02:30 happens twice on 25 October 2026: the first (summer time, UTC+2) is taken.
    expect(iso(zonedInstant({ year: 2026, month: 10, day: 25 }, '02:30', 'Europe/Berlin'))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('finds the next local time of day, today or tomorrow', () => {
    const tz = 'America/New_York'; // UTC-5 in January
    expect(iso(nextLocalTime(new Date('2026-01-05T13:00:00Z'), '09:00', tz))).toBe(
      '2026-01-05T14:00:00.000Z',
    );
    expect(iso(nextLocalTime(new Date('2026-01-05T15:00:00Z'), '09:00', tz))).toBe(
      '2026-01-06T14:00:00.000Z',
    );
  });

  it('moves a moment outside business hours to the next opening, skipping the weekend', () => {
    // Friday 2026-01-09 18:00 UTC is after closing: next opening is Monday 09:00.
    expect(iso(nextBusinessMoment(new Date('2026-01-09T18:00:00Z'), hours, 'UTC'))).toBe(
      '2026-01-12T09:00:00.000Z',
    );
    expect(iso(nextBusinessMoment(new Date('2026-01-08T10:30:00Z'), hours, 'UTC'))).toBe(
      '2026-01-08T10:30:00.000Z',
    );
    expect(iso(nextBusinessMoment(new Date('2026-01-08T07:00:00Z'), hours, 'UTC'))).toBe(
      '2026-01-08T09:00:00.000Z',
    );
  });

  it('knows when quiet hours that cross midnight end', () => {
    const quiet = { start: '21:00', end: '08:00' };
    expect(iso(quietHoursEnd(new Date('2026-01-05T22:00:00Z'), quiet, 'UTC'))).toBe(
      '2026-01-06T08:00:00.000Z',
    );
    expect(iso(quietHoursEnd(new Date('2026-01-06T03:00:00Z'), quiet, 'UTC'))).toBe(
      '2026-01-06T08:00:00.000Z',
    );
    expect(quietHoursEnd(new Date('2026-01-06T12:00:00Z'), quiet, 'UTC')).toBeNull();
    expect(
      iso(quietHoursEnd(new Date('2026-01-06T12:30:00Z'), { start: '12:00', end: '13:00' }, 'UTC')),
    ).toBe('2026-01-06T13:00:00.000Z');
    expect(quietHoursEnd(new Date('2026-01-06T12:30:00Z'), null, 'UTC')).toBeNull();
  });

  it('reads local days in the workspace time zone', () => {
    // 23:30 UTC on 5 January is already 6 January in Berlin.
    expect(localDayKey(new Date('2026-01-05T23:30:00Z'), 'Europe/Berlin')).toBe('2026-01-06');
    expect(iso(startOfNextLocalDay(new Date('2026-01-05T23:30:00Z'), 'Europe/Berlin'))).toBe(
      '2026-01-06T23:00:00.000Z',
    );
  });

  it('finds the last firing of daily and weekly schedules', () => {
    expect(
      iso(lastFiring({ every: 'day', at: '09:00' }, new Date('2026-01-05T08:00:00Z'), 'UTC')),
    ).toBe('2026-01-04T09:00:00.000Z');
    // 2026-01-07 is a Wednesday; the last Monday 09:00 is 2026-01-05.
    expect(
      iso(
        lastFiring(
          { every: 'week', weekday: 1, at: '09:00' },
          new Date('2026-01-07T12:00:00Z'),
          'UTC',
        ),
      ),
    ).toBe('2026-01-05T09:00:00.000Z');
  });

  it('ends a wait after its duration, at the next time of day, within business hours', () => {
    const settings = { timezone: 'UTC', businessHours: hours };
    const friday = new Date('2026-01-09T10:00:00Z');
    expect(iso(waitEnd(friday, { duration: { amount: 2, unit: 'hours' } }, settings))).toBe(
      '2026-01-09T12:00:00.000Z',
    );
    expect(
      iso(waitEnd(friday, { duration: { amount: 1, unit: 'days' }, untilTime: '08:00' }, settings)),
    ).toBe('2026-01-11T08:00:00.000Z');
    // Saturday 08:00 is outside business hours: on to Monday 09:00.
    expect(
      iso(
        waitEnd(
          friday,
          { duration: { amount: 1, unit: 'days' }, untilTime: '08:00', businessHours: true },
          settings,
        ),
      ),
    ).toBe('2026-01-12T09:00:00.000Z');
  });
});
