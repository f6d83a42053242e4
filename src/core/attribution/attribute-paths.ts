import {
  attributeFirstTouch,
  attributeLastTouch,
  attributeLinear,
  attributePositionBased,
  type TPositionShares,
} from './heuristic-models.ts';
import { attributeMarkov, type TMarkovOptions } from './markov-model.ts';
import { attributeShapley } from './shapley-model.ts';
import { sumPaths, type TChannelCredit, type TModelName, type TPath } from './types.ts';

export interface TAttributionOptions {
  markov?: TMarkovOptions;
  positionShares?: TPositionShares;
}

export interface TAttributionReport {
  totals: { paths: number; conversions: number; value: number; nulls: number };
  markov: {
    order: number;
    collapseRepeats: boolean;
    conversionProbability: number;
    states: number;
  };
  models: Record<TModelName, TChannelCredit[]>;
}

/**
 * Runs every model that needs no timestamps over the same paths (time decay needs per-touch
 * times, which aggregated paths do not have). Each model's credits add up to the totals.
 *
 * @example attributePaths(paths, { markov: { order: 2 } }).models.markov
 * // [{ channel: 'alpha', conversions: …, value: …, removalEffect: … }, …]
 */
export function attributePaths(
  paths: readonly TPath[],
  options: TAttributionOptions = {},
): TAttributionReport {
  const totals = sumPaths(paths);
  const markov = attributeMarkov(paths, options.markov);
  return {
    totals: { paths: paths.length, ...totals },
    markov: {
      order: options.markov?.order ?? 1,
      collapseRepeats: options.markov?.collapseRepeats ?? true,
      conversionProbability: markov.conversionProbability,
      states: markov.states,
    },
    models: {
      first_touch: attributeFirstTouch(paths),
      last_touch: attributeLastTouch(paths),
      linear: attributeLinear(paths),
      position_based: attributePositionBased(paths, options.positionShares),
      markov: markov.credits,
      shapley: attributeShapley(paths),
    },
  };
}
