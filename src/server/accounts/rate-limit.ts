export interface LimiterOptions {
  /** Failures allowed per key within one window. */
  limit: number;
  windowMs: number;
  now?: () => number;
  /** Above this many tracked keys, expired ones are dropped (memory stays bounded). */
  maxKeys?: number;
}

/**
 * Counts failures per key in fixed windows that start at a key's first failure. In memory: a
 * restart forgets the counts, and several processes would each count their own, which is enough
 * to make guessing passwords slow on one machine.
 *
 * @example
 *   const limiter = new FailureLimiter({ limit: 10, windowMs: 15 * 60_000 });
 *   if (limiter.blockedFor(key) > 0) refuse(); else if (!ok) limiter.fail(key);
 */
export class FailureLimiter {
  private readonly counts = new Map<string, { failures: number; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: LimiterOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  blockedFor(key: string): number {
    const entry = this.counts.get(key);
    if (!entry) return 0;
    const left = entry.until - this.now();
    if (left <= 0) {
      this.counts.delete(key);
      return 0;
    }
    return entry.failures >= this.options.limit ? left : 0;
  }

  fail(key: string): void {
    const now = this.now();
    const entry = this.counts.get(key);
    if (entry && entry.until > now) entry.failures += 1;
    else this.counts.set(key, { failures: 1, until: now + this.options.windowMs });
    if (this.counts.size > (this.options.maxKeys ?? 100_000)) this.prune(now);
  }

  reset(key: string): void {
    this.counts.delete(key);
  }

  private prune(now: number) {
    for (const [key, entry] of this.counts) if (entry.until <= now) this.counts.delete(key);
  }
}
