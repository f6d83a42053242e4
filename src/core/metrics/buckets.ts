import type { SeriesBucket } from './detail-types.ts';

const DAY = 86_400_000;

/** Ranges up to this many days are shown per day; longer ones per week (a readable point count). */
export const DAILY_UP_TO_DAYS = 92;

/** The bucket a series over [from, to) uses when the caller does not choose one. */
export function chooseBucket(from: Date, to: Date): SeriesBucket {
  return to.getTime() - from.getTime() <= DAILY_UP_TO_DAYS * DAY ? 'day' : 'week';
}

export const bucketMs = (bucket: SeriesBucket) => (bucket === 'day' ? DAY : 7 * DAY);

/**
 * The start of the bucket holding `from`: midnight UTC, or for weeks the Monday at or before it
 * (ISO weeks). Every later bucket starts a whole number of buckets after it.
 *
 * @example bucketOrigin(new Date('2025-01-01T10:00:00Z'), 'week') // 2024-12-30T00:00:00Z, a Monday
 */
export function bucketOrigin(from: Date, bucket: SeriesBucket): Date {
  const midnight = Math.floor(from.getTime() / DAY) * DAY;
  if (bucket === 'day') return new Date(midnight);
  // 1970-01-01 was a Thursday: day n is a Monday when (n + 3) % 7 === 0.
  const days = midnight / DAY;
  const sinceMonday = (((days + 3) % 7) + 7) % 7;
  return new Date(midnight - sinceMonday * DAY);
}

/** The starts of every bucket that overlaps [from, to), in order. */
export function bucketStarts(from: Date, to: Date, bucket: SeriesBucket): Date[] {
  const size = bucketMs(bucket);
  const out: Date[] = [];
  for (let t = bucketOrigin(from, bucket).getTime(); t < to.getTime(); t += size) {
    out.push(new Date(t));
  }
  return out;
}
