import { describe, expect, it } from 'vitest';
import { parseIsoTimestamp } from './parse-timestamp.ts';

describe('parseIsoTimestamp', () => {
  it('reads a UTC date-time with milliseconds', () => {
    expect(parseIsoTimestamp('2024-03-01T10:15:30.250Z')).toBe(
      Date.UTC(2024, 2, 1, 10, 15, 30, 250),
    );
  });

  it('applies offsets written as +HH:MM, +HHMM, +HH and a negative offset', () => {
    const utc = Date.UTC(2024, 2, 1, 8, 0, 0);
    expect(parseIsoTimestamp('2024-03-01T10:00:00+02:00')).toBe(utc);
    expect(parseIsoTimestamp('2024-03-01T10:00:00+0200')).toBe(utc);
    expect(parseIsoTimestamp('2024-03-01T10:00:00+02')).toBe(utc);
    expect(parseIsoTimestamp('2024-03-01T03:00:00-05:00')).toBe(utc);
  });

  it('reads a date-time without an offset as UTC, whatever the server time zone', () => {
    expect(parseIsoTimestamp('2024-03-01T10:00:00')).toBe(Date.UTC(2024, 2, 1, 10));
    expect(parseIsoTimestamp('2024-03-01 10:00')).toBe(Date.UTC(2024, 2, 1, 10));
  });

  it('reads a bare date as midnight UTC', () => {
    expect(parseIsoTimestamp('2024-03-01')).toBe(Date.UTC(2024, 2, 1));
  });

  it('truncates fractions beyond milliseconds and accepts lowercase t and z', () => {
    expect(parseIsoTimestamp('2024-03-01t10:00:00.123456z')).toBe(
      Date.UTC(2024, 2, 1, 10, 0, 0, 123),
    );
  });

  it('accepts 29 February in a leap year only', () => {
    expect(parseIsoTimestamp('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(parseIsoTimestamp('2023-02-29')).toBeNull();
    expect(parseIsoTimestamp('1900-02-29')).toBeNull();
    expect(parseIsoTimestamp('2000-02-29')).toBe(Date.UTC(2000, 1, 29));
  });

  it('keeps years below 100 literal', () => {
    expect(new Date(parseIsoTimestamp('0042-01-01T00:00:00Z') ?? 0).getUTCFullYear()).toBe(42);
  });

  it.each([
    ['a free-form date', 'March 1, 2024'],
    ['an impossible day', '2024-02-30'],
    ['an impossible month', '2024-13-01'],
    ['hour 24', '2024-03-01T24:00:00Z'],
    ['a leap second', '2024-03-01T10:00:60Z'],
    ['an out-of-range offset', '2024-03-01T10:00:00+25:00'],
    ['an epoch number as text', '1709287200000'],
    ['an empty string', ''],
    ['trailing text', '2024-03-01T10:00:00Z garbage'],
  ])('rejects %s', (_label, text) => {
    expect(parseIsoTimestamp(text)).toBeNull();
  });
});
