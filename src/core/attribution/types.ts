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
