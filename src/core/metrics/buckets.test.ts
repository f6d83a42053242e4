import { describe, expect, it } from 'vitest';
import { bucketOrigin, bucketStarts, chooseBucket } from './buckets.ts';

const d = (iso: string) => new Date(iso);

describe('series buckets', () => {
  it('uses days up to 92 days and weeks beyond', () => {
    expect(chooseBucket(d('2025-01-01T00:00:00Z'), d('2025-04-03T00:00:00Z'))).toBe('day');
    expect(chooseBucket(d('2025-01-01T00:00:00Z'), d('2025-04-03T00:00:01Z'))).toBe('week');
  });
  it('starts weeks on the Monday at or before the range start, in UTC', () => {
    expect(bucketOrigin(d('2025-01-01T10:00:00Z'), 'week').toISOString()).toBe(
      '2024-12-30T00:00:00.000Z',
    );
    expect(bucketOrigin(d('2024-12-30T00:00:00Z'), 'week').toISOString()).toBe(
      '2024-12-30T00:00:00.000Z',
    );
    expect(bucketOrigin(d('2025-01-05T23:59:59Z'), 'week').toISOString()).toBe(
      '2024-12-30T00:00:00.000Z',
    );
    expect(bucketOrigin(d('1969-12-31T12:00:00Z'), 'week').toISOString()).toBe(
      '1969-12-29T00:00:00.000Z',
    );
  });
  it('lists every bucket that overlaps the range, partial ones included', () => {
    const days = bucketStarts(d('2025-01-01T12:00:00Z'), d('2025-01-03T00:00:00Z'), 'day');
    expect(days.map((x) => x.toISOString().slice(0, 10))).toEqual(['2025-01-01', '2025-01-02']);
    const weeks = bucketStarts(d('2025-01-01T00:00:00Z'), d('2025-01-14T00:00:00Z'), 'week');
    expect(weeks.map((x) => x.toISOString().slice(0, 10))).toEqual([
      '2024-12-30',
      '2025-01-06',
      '2025-01-13',
    ]);
  });
});
