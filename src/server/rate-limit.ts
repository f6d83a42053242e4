/** How fast a bucket refills and how much it holds: a burst of `capacity`, then the rate. */
export interface BucketSpec {
  capacity: number;
  refillPerSecond: number;
}

export type TakeResult = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  /** When `tokens` was last brought up to date, epoch ms. */
  at: number;
}

/**
 * Token buckets by key (an IP address, a token, a write key), in memory: each request takes one
 * token; a key whose bucket is empty is refused with the time until a token is back. The clock
 * is injectable so that tests step time instead of sleeping.
 *
 * Memory is bounded: past `maxKeys` buckets, full ones are dropped first (they hold no
 * information), then the least recently used. In-memory limits are per process, which is what a
 * single Waymark server needs; behind several processes each enforces its own.
 *
 * @example
 * const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1 }, () => t);
 * limiter.take('ip'); limiter.take('ip'); limiter.take('ip') // { ok: false, retryAfterSeconds: 1 }
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    readonly spec: BucketSpec,
    private readonly now: () => number = Date.now,
    private readonly maxKeys = 50_000,
  ) {
    if (!(spec.capacity >= 1) || !(spec.refillPerSecond > 0)) {
      throw new RangeError('a bucket needs capacity ≥ 1 and a refill rate > 0');
    }
  }

  take(key: string): TakeResult {
    const now = this.now();
    const bucket = this.refilled(key, now);
    // Re-inserting keeps the map in least-recently-used order for eviction.
    this.buckets.delete(key);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      this.buckets.set(key, bucket);
      this.evict(now);
      return { ok: true };
    }
    this.buckets.set(key, bucket);
    const wait = (1 - bucket.tokens) / this.spec.refillPerSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait - 1e-9)) };
  }

  /** How many buckets are held (for tests of the memory bound). */
  get size(): number {
    return this.buckets.size;
  }

  private refilled(key: string, now: number): Bucket {
    const b = this.buckets.get(key);
    if (!b) return { tokens: this.spec.capacity, at: now };
    const elapsed = Math.max(0, now - b.at) / 1000;
    return {
      tokens: Math.min(this.spec.capacity, b.tokens + elapsed * this.spec.refillPerSecond),
      at: now,
    };
  }

  private evict(now: number) {
    if (this.buckets.size <= this.maxKeys) return;
    for (const [key, b] of this.buckets) {
      if (this.buckets.size <= this.maxKeys) return;
      const full =
        b.tokens + ((now - b.at) / 1000) * this.spec.refillPerSecond >= this.spec.capacity;
      if (full) this.buckets.delete(key);
    }
    for (const key of this.buckets.keys()) {
      if (this.buckets.size <= this.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}

/** The limits of the public survey endpoints, per caller IP and per token or write key. */
export interface PublicLimits {
  perIp: BucketSpec;
  perToken: BucketSpec;
  perKey: BucketSpec;
}

/**
 * Defaults: an IP may make `perMinute` requests a minute (bursts of as many); one survey token
 * 10 a minute (a person answers once; a script hammering a link is stopped); one write key
 * 6,000 a minute across all of a site's visitors.
 */
export function defaultPublicLimits(perMinute = 60): PublicLimits {
  return {
    perIp: { capacity: perMinute, refillPerSecond: perMinute / 60 },
    perToken: { capacity: 10, refillPerSecond: 10 / 60 },
    perKey: { capacity: 6000, refillPerSecond: 100 },
  };
}
