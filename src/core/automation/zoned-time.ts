import type { TBusinessHours, TDuration, TQuietHours } from '../schemas/automation.ts';

/**
 * Time-zone arithmetic for waits, business hours, quiet hours and schedules, on the runtime's
 * IANA data (Intl). Pure: every function takes the instant it reasons from. Local times that a
 * daylight-saving change skips resolve to an instant just after the gap, and
 * repeated ones to their first occurrence.
 */

export interface LocalParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** 0 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      weekday: 'short',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * The wall-clock reading of an instant in a time zone.
 *
 * @example localParts(new Date('2026-03-01T12:00:00Z'), 'Europe/Berlin').hour === 13
 */
export function localParts(instant: Date, tz: string): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(tz).formatToParts(instant)) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS.indexOf(out.weekday ?? ''),
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in winter: +3 600 000). */
function offsetAt(ms: number, tz: string): number {
  const p = localParts(new Date(ms), tz);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(ms / 1000) * 1000;
}

/** A local calendar date (month 1-12); `day` may overflow, as Date.UTC allows. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

/**
 * The instant at which a zone's clocks show a local date and time.
 *
 * @example zonedInstant({ year: 2026, month: 1, day: 5 }, '09:00', 'Europe/Berlin')
 *   // 2026-01-05T08:00:00.000Z
 */
export function zonedInstant(date: LocalDate, time: string, tz: string): Date {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(date.year, date.month - 1, date.day, h, m);
  // The offsets a day before and after bracket any change of offset on that day: one of the
  // two candidates is the (first) instant reading the wanted time.
  const candidates = [
    guess - offsetAt(guess - 86_400_000, tz),
    guess - offsetAt(guess + 86_400_000, tz),
  ];
  const reads = (ms: number) => {
    const p = localParts(new Date(ms), tz);
    return p.hour === h && p.minute === m;
  };
  const fits = candidates.filter(reads).sort((a, b) => a - b);
  // In a gap (spring forward) neither candidate reads back as the wanted time: the later one
  // lies just after the gap.
  return new Date(fits[0] ?? Math.max(...candidates));
}

const minutesOf = (time: string) => {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return h * 60 + m;
};

const dateOf = (p: LocalParts, plusDays = 0): LocalDate => {
  const d = new Date(Date.UTC(p.year, p.month - 1, p.day + plusDays));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};

const weekdayOf = (d: LocalDate) => new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay();

const UNIT_MS: Record<TDuration['unit'], number> = {
  seconds: 1000,
  minutes: 60_000,
  hours: 3_600_000,
  days: 86_400_000,
};

/** `from` plus a duration (days are 24 hours here: a wait of 1 day is 24 hours). */
export function addDuration(from: Date, d: TDuration): Date {
  return new Date(from.getTime() + d.amount * UNIT_MS[d.unit]);
}

/**
 * The first instant at or after `from` at which the local clock shows `time`.
 *
 * @example nextLocalTime(new Date('2026-01-05T10:00:00Z'), '09:00', 'UTC') // 2026-01-06T09:00Z
 */
export function nextLocalTime(from: Date, time: string, tz: string): Date {
  const p = localParts(from, tz);
  for (let i = 0; i < 3; i++) {
    const at = zonedInstant(dateOf(p, i), time, tz);
    if (at.getTime() >= from.getTime()) return at;
  }
  return zonedInstant(dateOf(p, 3), time, tz);
}

/**
 * `from` itself when it falls in business hours, else the next opening. Hours run from `start`
 * (inclusive) to `end` (exclusive) on the open days.
 */
export function nextBusinessMoment(from: Date, hours: TBusinessHours, tz: string): Date {
  const p = localParts(from, tz);
  for (let i = 0; i < 8; i++) {
    const date = dateOf(p, i);
    if (!hours.days.includes(weekdayOf(date))) continue;
    const open = zonedInstant(date, hours.start, tz);
    const close = zonedInstant(date, hours.end, tz);
    if (i === 0 && from >= open && from < close) return from;
    if (from < open) return open;
  }
  return from;
}

/**
 * When `at` falls within the quiet hours, the instant they end; else null. A window whose start
 * is after its end crosses midnight (21:00-08:00); equal start and end mean no quiet hours.
 */
export function quietHoursEnd(at: Date, quiet: TQuietHours | null, tz: string): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return null;
  const p = localParts(at, tz);
  const m = p.hour * 60 + p.minute;
  if (start < end) {
    return m >= start && m < end ? zonedInstant(dateOf(p), quiet.end, tz) : null;
  }
  if (m >= start) return zonedInstant(dateOf(p, 1), quiet.end, tz);
  if (m < end) return zonedInstant(dateOf(p), quiet.end, tz);
  return null;
}

/** The local calendar day of an instant, `YYYY-MM-DD`. */
export function localDayKey(at: Date, tz: string): string {
  const p = localParts(at, tz);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The instant the local day of `at` began (midnight, or the first instant after a gap). */
export function startOfLocalDay(at: Date, tz: string): Date {
  return zonedInstant(dateOf(localParts(at, tz)), '00:00', tz);
}

/** The instant the local day after that of `at` begins. */
export function startOfNextLocalDay(at: Date, tz: string): Date {
  return zonedInstant(dateOf(localParts(at, tz), 1), '00:00', tz);
}

export interface ScheduleSpec {
  every: 'day' | 'week';
  weekday?: number;
  at: string;
}

/**
 * The latest firing of a schedule at or before `now` (within the last 8 days).
 *
 * @example lastFiring({ every: 'day', at: '09:00' }, new Date('2026-01-05T08:00:00Z'), 'UTC')
 *   // 2026-01-04T09:00:00.000Z
 */
export function lastFiring(s: ScheduleSpec, now: Date, tz: string): Date {
  const p = localParts(now, tz);
  for (let i = 0; i >= -8; i--) {
    const date = dateOf(p, i);
    if (s.every === 'week' && weekdayOf(date) !== s.weekday) continue;
    const at = zonedInstant(date, s.at, tz);
    if (at.getTime() <= now.getTime()) return at;
  }
  return zonedInstant(dateOf(p, -8), s.at, tz);
}

export interface WaitSpec {
  duration?: TDuration;
  untilTime?: string;
  businessHours?: boolean;
}

/**
 * When a wait that starts at `from` ends: after its duration, then at the next `untilTime`, then
 * (if asked) at the next business moment, each from where the previous left off.
 */
export function waitEnd(
  from: Date,
  wait: WaitSpec,
  settings: { timezone: string; businessHours: TBusinessHours },
): Date {
  let at = wait.duration ? addDuration(from, wait.duration) : from;
  if (wait.untilTime) at = nextLocalTime(at, wait.untilTime, settings.timezone);
  if (wait.businessHours) at = nextBusinessMoment(at, settings.businessHours, settings.timezone);
  return at;
}
