/**
 * Retry delays: exponential backoff with full jitter (a uniformly random delay between zero and
 * the exponential ceiling), which spreads retries of many failing calls instead of letting them
 * arrive together.
 */
export interface BackoffPolicy {
  /** The ceiling of the first retry's delay. */
  baseMs: number;
  /** No delay exceeds this. */
  capMs: number;
  /** Attempts in all, the first included; after the last failure the step is dead-lettered. */
  maxAttempts: number;
}

/**
 * The delay before attempt `attempt + 1`, after `attempt` failures (1 = the first failure).
 * `random` returns a number in [0, 1).
 *
 * @example backoffDelayMs(3, { baseMs: 1000, capMs: 60000, maxAttempts: 5 }, () => 0.5) === 2000
 */
export function backoffDelayMs(
  attempt: number,
  policy: BackoffPolicy,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random() * ceiling);
}
