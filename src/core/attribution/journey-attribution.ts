import { attributeJourney, type TJourneyModels } from './attribute-journey.ts';
import { indexKeyedPaths, type TChannelCredit, type TPath } from './types.ts';

/** What attribution credits: the touchpoints' channels, or the touchpoints themselves. */
export type TAttributionBy = 'channel' | 'touchpoint';

/** Touchpoint keys up to which Shapley values are computed (each key doubles the work). */
export const SHAPLEY_TOUCHPOINT_LIMIT = 12;

export interface TAttributionKey {
  key: string;
  label: string;
  /** The channel of the key: the key itself by channel, the touchpoint's by touchpoint. */
  channel: string | null;
}

/** What `GET /api/journeys/:id/attribution` answers (docs/analytics.md). */
export interface TJourneyAttribution {
  journeyId: string;
  by: TAttributionBy;
  from: string;
  to: string;
  personaId: string | null;
  lookbackDays: number;
  halfLifeDays: number;
  /** Position-based shares of the first, middle and last touches. */
  position: [number, number, number];
  markovOrder: number;
  totals: {
    /** Goal events in scope, with their value. */
    conversions: number;
    value: number;
    /** Conversions with at least one touch in their lookback: what every model shares out. */
    convertingPaths: number;
    /** Customers with touches in the range and no conversion in it. */
    nonConvertingPaths: number;
    /** Conversions with no touch in their lookback ("(direct)"): no model credits them. */
    unattributed: number;
    /** The value of those conversions. */
    unattributedValue: number;
    /** How many aggregated paths the models ran over: distinct converting + non-converting. */
    distinctPaths: number;
  };
  keys: TAttributionKey[];
  models: TJourneyModels;
  notes: string[];
}

/**
 * Reads the position-based shares of the first, middle and last touches from `first,middle,last`
 * text: three numbers from 0 to 1 that add up to 1. Undefined when the text is not that.
 *
 * @example parsePositionShares('0.3,0.2,0.5') // [0.3, 0.2, 0.5]
 */
export function parsePositionShares(text: string): [number, number, number] | undefined {
  const parts = text.split(',').map((p) => p.trim());
  if (parts.length !== 3 || parts.some((p) => p === '')) return undefined;
  const shares = parts.map(Number);
  if (shares.some((x) => !Number.isFinite(x) || x < 0 || x > 1)) return undefined;
  if (Math.abs(shares[0]! + shares[1]! + shares[2]! - 1) > 1e-9) return undefined;
  return [shares[0]!, shares[1]!, shares[2]!];
}

/** A touchpoint as attribution needs it, in map order. */
export interface TAttributionTouchpoint {
  id: string;
  name: string;
  channel: string;
}

/**
 * The keys of a journey's touchpoints: by channel, each channel once, in the order the map first
 * uses it; by touchpoint, every touchpoint in map order. `keyOf[i]` is the key index of
 * touchpoint i.
 *
 * @example attributionKeys([{ id: 'a', name: 'A', channel: 'web' }, { id: 'b', name: 'B',
 *   channel: 'email' }, { id: 'c', name: 'C', channel: 'web' }], 'channel').keyOf // [0, 1, 0]
 */
export function attributionKeys(
  touchpoints: readonly TAttributionTouchpoint[],
  by: TAttributionBy,
): { keys: TAttributionKey[]; keyOf: number[] } {
  if (by === 'touchpoint') {
    return {
      keys: touchpoints.map((t) => ({ key: t.id, label: t.name, channel: t.channel })),
      keyOf: touchpoints.map((_, i) => i),
    };
  }
  const index = new Map<string, number>();
  const keys: TAttributionKey[] = [];
  const keyOf = touchpoints.map((t) => {
    let k = index.get(t.channel);
    if (k === undefined) {
      k = keys.length;
      index.set(t.channel, k);
      keys.push({ key: t.channel, label: t.channel, channel: t.channel });
    }
    return k;
  });
  return { keys, keyOf };
}

export interface TJourneyAttributionInput {
  journeyId: string;
  by: TAttributionBy;
  from: Date;
  to: Date;
  personaId: string | null;
  lookbackDays: number;
  halfLifeDays: number;
  position: [number, number, number];
  markovOrder: number;
  keys: readonly TAttributionKey[];
  /** Key index of each touchpoint, as attributionKeys gives it. */
  keyOf: readonly number[];
  /** The query's rows: paths of key indexes, time decay per touchpoint index, totals. */
  paths: ReadonlyArray<{
    keys: readonly number[];
    conversions: number;
    value: number;
    nulls: number;
  }>;
  timeDecay: ReadonlyArray<{ tp: number; conversions: number; value: number }>;
  totals: { conversions: number; value: number };
}

/**
 * Runs the models over the query's paths and assembles the answer: totals (the conversions left
 * without a touch are `unattributed`), keys, each model's rows in key order, and notes.
 */
export function assembleJourneyAttribution(input: TJourneyAttributionInput): TJourneyAttribution {
  const keyName = (k: number) => input.keys[k]!.key;
  const paths: TPath[] = input.paths.map((p) => ({
    channels: p.keys.map(keyName),
    conversions: p.conversions,
    value: p.value,
    nulls: p.nulls,
  }));
  // The paths come as key indexes: the models' indexed form is built from them directly.
  indexKeyedPaths(
    paths,
    input.keys.map((k) => k.key),
    input.paths,
  );
  const decay = new Map<string, TChannelCredit>();
  for (const d of input.timeDecay) {
    const key = keyName(input.keyOf[d.tp]!);
    const credit = decay.get(key) ?? { channel: key, conversions: 0, value: 0 };
    credit.conversions += d.conversions;
    credit.value += d.value;
    decay.set(key, credit);
  }
  let attributed = 0;
  let attributedValue = 0;
  let nulls = 0;
  const onPaths = new Set<string>();
  for (const p of paths) {
    attributed += p.conversions;
    attributedValue += p.value;
    nulls += p.nulls;
    for (const c of p.channels) onPaths.add(c);
  }
  const notes: string[] = [];
  const unattributed = input.totals.conversions - attributed;
  if (unattributed > 0) {
    notes.push(
      `${unattributed} conversion(s) had no touch in their ${input.lookbackDays}-day lookback: ` +
        'counted as (direct) in totals.unattributed and credited by no model',
    );
  }
  const shapley = input.by === 'channel' || onPaths.size <= SHAPLEY_TOUCHPOINT_LIMIT;
  if (!shapley) {
    notes.push(
      `Shapley values are computed for at most ${SHAPLEY_TOUCHPOINT_LIMIT} touchpoints ` +
        `(${onPaths.size} are on paths): use by=channel`,
    );
  }
  const [first, , last] = input.position;
  return {
    journeyId: input.journeyId,
    by: input.by,
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    personaId: input.personaId,
    lookbackDays: input.lookbackDays,
    halfLifeDays: input.halfLifeDays,
    position: input.position,
    markovOrder: input.markovOrder,
    totals: {
      conversions: input.totals.conversions,
      value: input.totals.value,
      convertingPaths: attributed,
      nonConvertingPaths: nulls,
      unattributed,
      unattributedValue: input.totals.value - attributedValue,
      distinctPaths: paths.length,
    },
    keys: [...input.keys],
    models: attributeJourney({
      paths,
      timeDecay: [...decay.values()],
      keys: input.keys.map((k) => k.key),
      position: { first, last },
      markovOrder: input.markovOrder,
      shapley,
    }),
    notes,
  };
}
