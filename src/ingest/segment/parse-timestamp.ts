/**
 * ISO-8601 / RFC 3339 date-times: `2024-03-01`, `2024-03-01T10:15:00Z`,
 * `2024-03-01 10:15:00.123+02:00`, `...+0200`, `...+02`. Seconds, fraction and offset are optional.
 */
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

function offsetMinutes(offset: string | undefined): number | null {
  if (offset === undefined || offset.toUpperCase() === 'Z') return 0;
  const sign = offset[0] === '-' ? -1 : 1;
  const digits = offset.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  if (hours > 23 || minutes > 59) return null;
  return sign * (hours * 60 + minutes);
}

const digit = (text: string, i: number) => {
  const c = text.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
};
const num = (text: string, i: number, n: number) => {
  let v = 0;
  for (let k = 0; k < n; k++) v = v * 10 + digit(text, i + k);
  return v;
};

/**
 * `YYYY-MM-DDTHH:MM:SS.sssZ`, what Date#toISOString gives and so what the tracking libraries
 * send, read without a regular expression (ingestion parses every event's timestamp). Null for
 * any other shape, which the general parser then handles.
 */
function parseCanonical(text: string): number | null {
  if (
    text.length !== 24 ||
    text[4] !== '-' ||
    text[7] !== '-' ||
    text[10] !== 'T' ||
    text[13] !== ':' ||
    text[16] !== ':' ||
    text[19] !== '.' ||
    text[23] !== 'Z'
  ) {
    return null;
  }
  const year = num(text, 0, 4);
  const month = num(text, 5, 2);
  const day = num(text, 8, 2);
  const hour = num(text, 11, 2);
  const minute = num(text, 14, 2);
  const second = num(text, 17, 2);
  const millis = num(text, 20, 3);
  // NaN (a non-digit) fails every comparison below, as does an impossible date.
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return null;
  if (!(hour <= 23 && minute <= 59 && second <= 59 && millis >= 0)) return null;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  date.setUTCFullYear(year);
  return date.getTime();
}

/**
 * Epoch milliseconds of an ISO-8601 date-time, or null when the text is not one or names an
 * impossible date. Stricter than Date.parse, which accepts free-form dates and rolls
 * `2024-02-30` over to March.
 *
 * A date-time without an offset is read as UTC: Date.parse would read it in the server's own
 * time zone, which would make the stored time depend on where Waymark runs.
 *
 * @example parseIsoTimestamp('2024-03-01T10:00:00+01:00') // 1709283600000
 */
export function parseIsoTimestamp(text: string): number | null {
  const fast = parseCanonical(text);
  if (fast !== null) return fast;
  const m = ISO_DATE_TIME.exec(text);
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = m[4] === undefined ? 0 : Number(m[4]);
  const minute = m[5] === undefined ? 0 : Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const millis = m[7] === undefined ? 0 : Number(m[7].slice(0, 3).padEnd(3, '0'));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const offset = offsetMinutes(m[8]);
  if (offset === null) return null;
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second, millis));
  // Date.UTC maps years 0-99 to 1900-1999; setting the year afterwards keeps it literal.
  date.setUTCFullYear(year);
  return date.getTime() - offset * 60_000;
}
