import { describe, expect, it } from 'vitest';
import { FailureLimiter } from './rate-limit.ts';

describe('FailureLimiter', () => {
  it('blocks a key after the limit of failures until its window ends', () => {
    let now = 1_000;
    const limiter = new FailureLimiter({ limit: 3, windowMs: 60_000, now: () => now });
    for (let i = 0; i < 3; i++) {
      expect(limiter.blockedFor('a')).toBe(0);
      limiter.fail('a');
    }
    expect(limiter.blockedFor('a')).toBe(60_000);
    expect(limiter.blockedFor('b')).toBe(0);
    now += 59_000;
    expect(limiter.blockedFor('a')).toBe(1_000);
    now += 1_000;
    expect(limiter.blockedFor('a')).toBe(0);
  });

  it('forgets a key on reset, after a success', () => {
    const limiter = new FailureLimiter({ limit: 1, windowMs: 60_000 });
    limiter.fail('a');
    expect(limiter.blockedFor('a')).toBeGreaterThan(0);
    limiter.reset('a');
    expect(limiter.blockedFor('a')).toBe(0);
  });
});
