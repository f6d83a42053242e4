import {
  CreditLedger,
  indexPaths,
  type TChannelCredit,
  type TIndexedPaths,
  type TPath,
} from './types.ts';

/** Channel counts up to which the Shapley values are computed by enumerating every coalition. */
export const ENUMERATION_LIMIT = 20;

/**
 * Shapley values over channels. The characteristic function of a coalition S is the conversions
 * (and, separately, the value) of the paths whose set of channels is a subset of S: what S would
 * have converted on its own. The Shapley value of channel i is
 *
 *   φ_i = Σ_{S ⊆ N∖{i}} |S|! (n − |S| − 1)! / n! · (v(S ∪ {i}) − v(S)),
 *
 * computed exactly by enumerating the 2^n coalitions (a bitmask each) when there are at most
 * ENUMERATION_LIMIT channels. That v is a sum of unanimity games, one per path, whose Shapley
 * value splits the path's conversions equally over its distinct channels; beyond the limit the
 * values are computed by that identity, which is just as exact. Efficiency makes the values add
 * up to v(N), all conversions (every path has at least one channel, so v(∅) = 0).
 *
 * @example
 * attributeShapley([
 *   { channels: ['ads'], conversions: 2, value: 20, nulls: 0 },
 *   { channels: ['ads', 'email', 'ads'], conversions: 2, value: 40, nulls: 0 },
 * ]) // ads 3 conversions (value 40), email 1 (value 20)
 */
export function attributeShapley(
  paths: readonly TPath[],
  options: { enumerationLimit?: number } = {},
): TChannelCredit[] {
  const limit = options.enumerationLimit ?? ENUMERATION_LIMIT;
  const ix = indexPaths(paths);
  return ix.channels.length <= limit ? shapleyByEnumeration(ix) : shapleyBySplitting(paths, ix);
}

function shapleyByEnumeration(ix: TIndexedPaths): TChannelCredit[] {
  const { channels } = ix;
  const n = channels.length;
  const size = 1 << n;
  // v starts as the conversions of paths whose channel set is exactly the mask, then a
  // subset-sum (zeta) transform turns it into the sum over every subset of the mask.
  const conv = new Float64Array(size);
  const value = new Float64Array(size);
  for (let p = 0; p < ix.conversions.length; p++) {
    let mask = 0;
    for (let i = ix.starts[p]!; i < ix.starts[p + 1]!; i++) mask |= 1 << ix.touches[i]!;
    if (mask === 0) continue;
    conv[mask]! += ix.conversions[p]!;
    value[mask]! += ix.value[p]!;
  }
  for (let i = 0; i < n; i++) {
    const b = 1 << i;
    for (let mask = 0; mask < size; mask++) {
      if (mask & b) {
        conv[mask]! += conv[mask ^ b]!;
        value[mask]! += value[mask ^ b]!;
      }
    }
  }
  // weight[s] = s! (n − s − 1)! / n! = 1 / (n · C(n − 1, s)).
  const weight = new Float64Array(n);
  let binomial = 1;
  for (let s = 0; s < n; s++) {
    weight[s] = 1 / (n * binomial);
    binomial = (binomial * (n - 1 - s)) / (s + 1);
  }
  const popcount = new Uint8Array(size);
  for (let mask = 1; mask < size; mask++) popcount[mask] = popcount[mask >> 1]! + (mask & 1);
  const ledger = new CreditLedger();
  channels.forEach((channel, i) => {
    const b = 1 << i;
    let phiConv = 0;
    let phiValue = 0;
    for (let mask = 0; mask < size; mask++) {
      if (mask & b) continue;
      const w = weight[popcount[mask]!]!;
      phiConv += w * (conv[mask | b]! - conv[mask]!);
      phiValue += w * (value[mask | b]! - value[mask]!);
    }
    ledger.add(channel, phiConv, phiValue);
  });
  return ledger.list();
}

/** The same values by the unanimity-game identity: each path split equally over its channels. */
function shapleyBySplitting(paths: readonly TPath[], ix: TIndexedPaths): TChannelCredit[] {
  const ledger = new CreditLedger();
  for (const c of ix.channels) ledger.touch(c);
  for (const p of paths) {
    const distinct = [...new Set(p.channels)];
    for (const c of distinct)
      ledger.add(c, p.conversions / distinct.length, p.value / distinct.length);
  }
  return ledger.list();
}
