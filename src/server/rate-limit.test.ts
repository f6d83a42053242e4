import { describe, expect, it } from 'vitest';
import { RateLimiter } from './rate-limit.ts';

describe('token bucket rate limiter', () => {
  it('allows a burst of capacity, then refuses with the wait until the next token', () => {
    let t = 1_000_000;
    const limiter = new RateLimiter({ capacity: 3, refillPerSecond: 0.5 }, () => t);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([
      { ok: true },
      { ok: true },
      { ok: true },
    ]);
    // Empty: one token takes 2 s at 0.5 tokens per second.
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
    // Other keys have their own buckets.
    expect(limiter.take('b')).toEqual({ ok: true });
    t += 1500;
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 1 });
    t += 500;
    expect(limiter.take('a')).toEqual({ ok: true });
    expect(limiter.take('a')).toEqual({ ok: false, retryAfterSeconds: 2 });
  });

  it('refills up to capacity only, however long the key was idle', () => {
    let t = 0;
    const limiter = new RateLimiter({ capacity: 2, refillPerSecond: 1 }, () => t);
    limiter.take('a');
    limiter.take('a');
    t += 3_600_000;
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a').ok]).toEqual([
      { ok: true },
      { ok: true },
      false,
    ]);
  });

  it('keeps its memory bounded, forgetting full buckets before busy ones', () => {
    let t = 0;
    const limiter = new RateLimiter({ capacity: 1, refillPerSecond: 1 }, () => t, 3);
    limiter.take('idle');
    t += 10_000;
    // 'idle' has refilled: it holds nothing a new bucket would not, so it goes first.
    for (const k of ['busy', 'x', 'y']) limiter.take(k);
    expect(limiter.size).toBe(3);
    expect(limiter.take('busy').ok).toBe(false);
    // Past the bound with no full bucket, the least recently used one goes.
    limiter.take('z');
    expect(limiter.size).toBe(3);
    expect(limiter.take('busy').ok).toBe(false);
    expect(limiter.take('x').ok).toBe(true);
  });
});
