/**
 * One aggregated customer path: the channels touched, in order, and how the journeys that took
 * exactly this path ended. `nulls` counts the journeys that ended without converting.
 */
export interface TPath {
  channels: readonly string[];
  conversions: number;
  value: number;
  nulls: number;
}

/** What a model credits to one channel. `removalEffect` is set by the Markov model only. */
export interface TChannelCredit {
  channel: string;
  conversions: number;
  value: number;
  removalEffect?: number;
}

/** The names under which the CLI and the JSON output report each model. */
export const MODEL_NAMES = [
  'first_touch',
  'last_touch',
  'linear',
  'position_based',
  'markov',
  'shapley',
] as const;
export type TModelName = (typeof MODEL_NAMES)[number];

/** Totals over a set of paths: what every model's credits add up to. */
export function sumPaths(paths: readonly TPath[]): {
  conversions: number;
  value: number;
  nulls: number;
} {
  let conversions = 0;
  let value = 0;
  let nulls = 0;
  for (const p of paths) {
    conversions += p.conversions;
    value += p.value;
    nulls += p.nulls;
  }
  return { conversions, value, nulls };
}

/**
 * Accumulates credit per channel and lists it sorted by channel name, so that models compare
 * row by row.
 */
export class CreditLedger {
  private readonly credits = new Map<string, TChannelCredit>();

  /** Makes sure `channel` is listed even if it ends with no credit. */
  touch(channel: string): TChannelCredit {
    let credit = this.credits.get(channel);
    if (credit === undefined) {
      credit = { channel, conversions: 0, value: 0 };
      this.credits.set(channel, credit);
    }
    return credit;
  }

  add(channel: string, conversions: number, value: number): void {
    const credit = this.touch(channel);
    credit.conversions += conversions;
    credit.value += value;
  }

  list(): TChannelCredit[] {
    return [...this.credits.values()].sort((a, b) =>
      a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0,
    );
  }
}

/**
 * Paths with their channels replaced by indexes into the sorted channel list, flattened: what
 * the models loop over. A workspace's paths run into the hundreds of thousands with dozens of
 * touches each; integer arrays cost a fraction of string look-ups per touch.
 */
export interface TIndexedPaths {
  /** Every channel on any path, sorted as CreditLedger lists them. */
  channels: string[];
  /** The touches of path p are `touches[starts[p]]` … `touches[starts[p + 1] - 1]`. */
  touches: Int32Array;
  starts: Int32Array;
  conversions: Float64Array;
  value: Float64Array;
  nulls: Float64Array;
}

const indexed = new WeakMap<readonly TPath[], TIndexedPaths>();

/**
 * Paths whose channels are already indexes into `channels` (in any order): their indexed form
 * with no string look-up, remembered for `paths` (which must hold the same paths, by name), so
 * that the models skip indexing. A query that returns key indexes builds both at once.
 */
export function indexKeyedPaths(
  paths: readonly TPath[],
  channels: readonly string[],
  keyed: ReadonlyArray<{ keys: readonly number[] }>,
): TIndexedPaths {
  // Only the channels on some path are listed, as indexPaths lists them.
  const seen = new Uint8Array(channels.length);
  let total = 0;
  for (const p of keyed) {
    total += p.keys.length;
    for (const k of p.keys) seen[k] = 1;
  }
  const sorted = channels.filter((_, k) => seen[k]).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const position = new Map(sorted.map((c, i) => [c, i]));
  const rank = Int32Array.from(channels, (c) => position.get(c) ?? -1);
  const out: TIndexedPaths = {
    channels: sorted,
    touches: new Int32Array(total),
    starts: new Int32Array(paths.length + 1),
    conversions: Float64Array.from(paths, (p) => p.conversions),
    value: Float64Array.from(paths, (p) => p.value),
    nulls: Float64Array.from(paths, (p) => p.nulls),
  };
  let at = 0;
  keyed.forEach((p, i) => {
    out.starts[i] = at;
    for (const k of p.keys) out.touches[at++] = rank[k]!;
  });
  out.starts[paths.length] = at;
  indexed.set(paths, out);
  return out;
}

/**
 * The indexed form of a set of paths, computed once per array: models run one after another
 * over the same paths share it. The array must not change once indexed.
 */
export function indexPaths(paths: readonly TPath[]): TIndexedPaths {
  const cached = indexed.get(paths);
  if (cached) return cached;
  const index = new Map<string, number>();
  let total = 0;
  for (const p of paths) {
    total += p.channels.length;
    let previous: string | undefined;
    for (const c of p.channels) {
      // Runs of one channel are common: one look-up per run.
      if (c !== previous && !index.has(c)) index.set(c, index.size);
      previous = c;
    }
  }
  const channels = [...index.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const rank = new Int32Array(channels.length);
  channels.forEach((c, i) => {
    rank[index.get(c)!] = i;
  });
  const out: TIndexedPaths = {
    channels,
    touches: new Int32Array(total),
    starts: new Int32Array(paths.length + 1),
    conversions: new Float64Array(paths.length),
    value: new Float64Array(paths.length),
    nulls: new Float64Array(paths.length),
  };
  let at = 0;
  paths.forEach((p, i) => {
    out.starts[i] = at;
    out.conversions[i] = p.conversions;
    out.value[i] = p.value;
    out.nulls[i] = p.nulls;
    let previous: string | undefined;
    let k = 0;
    for (const c of p.channels) {
      if (c !== previous) k = rank[index.get(c)!]!;
      previous = c;
      out.touches[at++] = k;
    }
  });
  out.starts[paths.length] = at;
  indexed.set(paths, out);
  return out;
}

/** Credits by channel index, listed as the ledger lists them: every channel, sorted. */
export function listCredits(
  channels: readonly string[],
  conversions: Float64Array,
  value: Float64Array,
): TChannelCredit[] {
  return channels.map((channel, i) => ({
    channel,
    conversions: conversions[i]!,
    value: value[i]!,
  }));
}
