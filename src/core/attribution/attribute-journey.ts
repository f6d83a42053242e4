import {
  attributeFirstTouch,
  attributeLastTouch,
  attributeLinear,
  attributePositionBased,
} from './heuristic-models.ts';
import { attributeMarkov } from './markov-model.ts';
import { attributeShapley } from './shapley-model.ts';
import type { TChannelCredit, TPath } from './types.ts';

/** One key's credit in a model: a channel or a touchpoint id. */
export interface TAttributionRow {
  key: string;
  conversions: number;
  value: number;
  /** Markov only: 1 − P(conversion without the key) ÷ P(conversion). */
  removalEffect?: number;
}

export interface TJourneyModels {
  first: TAttributionRow[];
  last: TAttributionRow[];
  linear: TAttributionRow[];
  timeDecay: TAttributionRow[];
  position: TAttributionRow[];
  markov: TAttributionRow[];
  shapley: TAttributionRow[] | null;
}

export interface TJourneyAttributionInput {
  /** Aggregated paths over the keys; a converting path's touches are its lookback's. */
  paths: readonly TPath[];
  /**
   * Time-decay credit per key, summed over conversions. The weights need each touch's age, which
   * aggregated paths do not carry, so the query that builds the paths computes them where the
   * touch times are, with attributeTimeDecay's weights (docs/analytics.md).
   */
  timeDecay: readonly TChannelCredit[];
  /** The order every model's rows are listed in; keys missing from a model get zeros. */
  keys: readonly string[];
  /** Position-based shares of the first and last touch (the middle ones share the rest). */
  position: { first: number; last: number };
  markovOrder: number;
  /** Whether to compute Shapley values (their cost doubles with every key). */
  shapley: boolean;
}

function rows(keys: readonly string[], credits: readonly TChannelCredit[]): TAttributionRow[] {
  const byKey = new Map(credits.map((c) => [c.channel, c]));
  return keys.map((key) => {
    const c = byKey.get(key);
    const row: TAttributionRow = { key, conversions: c?.conversions ?? 0, value: c?.value ?? 0 };
    if (c?.removalEffect !== undefined) row.removalEffect = c.removalEffect;
    return row;
  });
}

/**
 * Runs every attribution model over a journey's aggregated paths with the models of
 * src/core/attribution: first, last, linear, position-based, Markov of the given order (repeats
 * collapsed) and, when asked, Shapley values; time decay comes computed (see `timeDecay`). Each
 * model's conversions add up to the paths' conversions.
 *
 * @example
 * attributeJourney({ paths: [{ channels: ['web', 'email'], conversions: 1, value: 10, nulls: 0 }],
 *   timeDecay: [], keys: ['web', 'email'], position: { first: 0.4, last: 0.4 }, markovOrder: 1,
 *   shapley: true }).first // [{ key: 'web', conversions: 1, value: 10 }, { key: 'email', … 0 }]
 */
export function attributeJourney(input: TJourneyAttributionInput): TJourneyModels {
  const { paths, keys } = input;
  const markov = attributeMarkov(paths, { order: input.markovOrder });
  return {
    first: rows(keys, attributeFirstTouch(paths)),
    last: rows(keys, attributeLastTouch(paths)),
    linear: rows(keys, attributeLinear(paths)),
    timeDecay: rows(keys, input.timeDecay),
    position: rows(keys, attributePositionBased(paths, input.position)),
    markov: rows(
      keys,
      // Every key has a removal effect, 0 when it never converts.
      keys.map(
        (key) =>
          markov.credits.find((c) => c.channel === key) ?? {
            channel: key,
            conversions: 0,
            value: 0,
            removalEffect: 0,
          },
      ),
    ),
    shapley: input.shapley ? rows(keys, attributeShapley(paths)) : null,
  };
}
