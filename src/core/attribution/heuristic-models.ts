import { AppError } from '../errors.ts';
import { CreditLedger, indexPaths, listCredits, type TChannelCredit, type TPath } from './types.ts';

/**
 * Splits each path's conversions and value over its touches by the weights `weigh` gives (one
 * per touch, summing to 1), and adds up the credit per channel. A channel touched twice on a path
 * gets both touches' shares. Every channel seen on any path is listed, with 0 when it earns
 * nothing, so that the models list the same channels.
 */
export function attributeByTouchWeights(
  paths: readonly TPath[],
  weigh: (channels: readonly string[]) => readonly number[],
): TChannelCredit[] {
  const ledger = new CreditLedger();
  for (const path of paths) {
    // Runs of one channel are common: one look-up per run lists them as well.
    let previous: string | undefined;
    for (const channel of path.channels) {
      if (channel !== previous) ledger.touch(channel);
      previous = channel;
    }
    if (path.channels.length === 0 || (path.conversions === 0 && path.value === 0)) continue;
    const weights = weigh(path.channels);
    for (let i = 0; i < path.channels.length; i++) {
      const w = weights[i]!;
      if (w !== 0) ledger.add(path.channels[i]!, path.conversions * w, path.value * w);
    }
  }
  return ledger.list();
}

const oneHot = (n: number, at: number) => Array.from({ length: n }, (_, i) => (i === at ? 1 : 0));

/**
 * attributeByTouchWeights for models whose weights depend on the path's length only, over the
 * indexed paths: each length's weights are computed once (paths over stored events run into the
 * hundreds of thousands, of a few dozen lengths).
 */
function attributeByLengthWeights(
  paths: readonly TPath[],
  weightsOf: (n: number) => readonly number[],
): TChannelCredit[] {
  const ix = indexPaths(paths);
  const conversions = new Float64Array(ix.channels.length);
  const value = new Float64Array(ix.channels.length);
  const cache = new Map<number, readonly number[]>();
  for (let p = 0; p < paths.length; p++) {
    const start = ix.starts[p]!;
    const n = ix.starts[p + 1]! - start;
    const c = ix.conversions[p]!;
    const v = ix.value[p]!;
    if (n === 0 || (c === 0 && v === 0)) continue;
    let weights = cache.get(n);
    if (weights === undefined) {
      weights = weightsOf(n);
      cache.set(n, weights);
    }
    for (let i = 0; i < n; i++) {
      const w = weights[i]!;
      if (w === 0) continue;
      const k = ix.touches[start + i]!;
      conversions[k]! += c * w;
      value[k]! += v * w;
    }
  }
  return listCredits(ix.channels, conversions, value);
}

/**
 * First touch: the first channel of a path gets all of its conversions and value.
 *
 * @example attributeFirstTouch([{ channels: ['ads', 'email'], conversions: 2, value: 10, nulls: 0 }])
 * // [{ channel: 'ads', conversions: 2, value: 10 }, { channel: 'email', conversions: 0, value: 0 }]
 */
export function attributeFirstTouch(paths: readonly TPath[]): TChannelCredit[] {
  return attributeByLengthWeights(paths, (n) => oneHot(n, 0));
}

/**
 * Last touch: the last channel of a path gets all of its conversions and value.
 *
 * @example attributeLastTouch([{ channels: ['ads', 'email'], conversions: 2, value: 10, nulls: 0 }])
 * // [{ channel: 'ads', conversions: 0, value: 0 }, { channel: 'email', conversions: 2, value: 10 }]
 */
export function attributeLastTouch(paths: readonly TPath[]): TChannelCredit[] {
  return attributeByLengthWeights(paths, (n) => oneHot(n, n - 1));
}

/**
 * Linear: every touch of a path gets an equal share (a channel touched twice, two shares).
 *
 * @example attributeLinear([{ channels: ['ads', 'email', 'ads'], conversions: 3, value: 3, nulls: 0 }])
 * // ads 2, email 1
 */
export function attributeLinear(paths: readonly TPath[]): TChannelCredit[] {
  return attributeByLengthWeights(paths, (n) => Array.from({ length: n }, () => 1 / n));
}

export interface TPositionShares {
  /** Share of the first touch; 0.4 by default. */
  first?: number;
  /** Share of the last touch; 0.4 by default. */
  last?: number;
}

/**
 * The position-based (U-shaped) weights of a path of `n` touches. With three touches or more the
 * first and last touches get their shares and the middle touches split the rest equally. A
 * one-touch path gives its touch everything. A two-touch path has no middle to give the rest to,
 * so the first and last shares are renormalized to sum to 1 (40/40 becomes 50/50, 30/50 becomes
 * 37.5/62.5): this keeps the ratio the shares state, where other tools give the rest to one end.
 */
export function positionWeights(n: number, shares: TPositionShares = {}): number[] {
  const first = shares.first ?? 0.4;
  const last = shares.last ?? 0.4;
  if (n === 1) return [1];
  if (n === 2) {
    const sum = first + last;
    return sum === 0 ? [0.5, 0.5] : [first / sum, last / sum];
  }
  const middle = (1 - first - last) / (n - 2);
  return Array.from({ length: n }, (_, i) => (i === 0 ? first : i === n - 1 ? last : middle));
}

/** Checks first/last shares: each in [0, 1] and together at most 1. */
export function checkPositionShares(shares: TPositionShares): void {
  const first = shares.first ?? 0.4;
  const last = shares.last ?? 0.4;
  const ok = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
  if (!ok(first) || !ok(last) || first + last > 1 + 1e-12) {
    throw new AppError(
      400,
      'invalid',
      `position-based shares must be between 0 and 1 and add up to at most 1 (got first ${first}, last ${last})`,
    );
  }
}

/**
 * Position-based (U-shaped): 40% to the first touch, 40% to the last, 20% split over the touches
 * between, by default; see positionWeights for one- and two-touch paths.
 *
 * @example attributePositionBased(paths, { first: 0.3, last: 0.5 })
 */
export function attributePositionBased(
  paths: readonly TPath[],
  shares: TPositionShares = {},
): TChannelCredit[] {
  checkPositionShares(shares);
  return attributeByLengthWeights(paths, (n) => positionWeights(n, shares));
}

/** One converting journey with the time of each touch (epoch milliseconds), for time decay. */
export interface TTimedJourney {
  touches: ReadonlyArray<{ channel: string; at: number }>;
  conversions: number;
  value: number;
}

/**
 * Time decay: a touch's weight halves every `halfLifeMs` before the conversion,
 * w_i = 2^(-(t_conversion - t_i) / halfLife), normalized over the journey's touches. The
 * conversion time multiplies every weight of a journey by the same factor, which normalizing
 * cancels, so only the touch times are needed. Aggregated path files carry no times, so the CLI
 * cannot offer this model; callers with per-touch timestamps (a query over stored events) can.
 *
 * @example
 * attributeTimeDecay([{ touches: [{ channel: 'ads', at: 0 }, { channel: 'email', at: 7 * DAY }],
 *   conversions: 1, value: 30 }], { halfLifeMs: 7 * DAY })
 * // ads 1/3, email 2/3 (the email touch is one half-life closer to the conversion)
 */
export function attributeTimeDecay(
  journeys: readonly TTimedJourney[],
  options: { halfLifeMs: number },
): TChannelCredit[] {
  const { halfLifeMs } = options;
  if (!(halfLifeMs > 0) || !Number.isFinite(halfLifeMs)) {
    throw new AppError(
      400,
      'invalid',
      `the half-life must be a positive duration (got ${halfLifeMs})`,
    );
  }
  const ledger = new CreditLedger();
  for (const journey of journeys) {
    const { touches } = journey;
    for (const t of touches) ledger.touch(t.channel);
    if (touches.length === 0) continue;
    // Exponents are taken from the latest touch rather than the conversion so that a long
    // history cannot underflow every weight to 0; the common factor cancels when normalizing.
    let latest = Number.NEGATIVE_INFINITY;
    for (const t of touches) latest = Math.max(latest, t.at);
    const raw = touches.map((t) => 2 ** (-(latest - t.at) / halfLifeMs));
    const sum = raw.reduce((a, b) => a + b, 0);
    for (let i = 0; i < touches.length; i++) {
      const w = raw[i]! / sum;
      ledger.add(touches[i]!.channel, journey.conversions * w, journey.value * w);
    }
  }
  return ledger.list();
}
