import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff.ts';

const policy = { baseMs: 1000, capMs: 10_000, maxAttempts: 6 };

describe('backoff', () => {
  it('doubles the ceiling per failure up to the cap, with the delay drawn below it', () => {
    const top = () => 0.999_999;
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy, top))).toEqual([
      999, 1999, 3999, 7999, 9999,
    ]);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(2000);
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
  });
});
