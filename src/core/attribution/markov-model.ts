import { AppError } from '../errors.ts';
import { solveLinearSystem, type TSparseSystem } from './solve-linear-system.ts';
import { CreditLedger, indexPaths, sumPaths, type TChannelCredit, type TPath } from './types.ts';

export interface TMarkovOptions {
  /** How many of the last channels make a state: 1, 2 or 3. Default 1. */
  order?: number;
  /**
   * Merge runs of the same channel (`A > A > B` becomes `A > B`) before building the chain;
   * default true, as in the published example. For order 1 it changes nothing but the
   * self-loops, which do not change absorption probabilities; for higher orders it changes the
   * states (`(A, A)` no longer exists).
   */
  collapseRepeats?: boolean;
}

/** Targets of a transition that are not channel states. */
const CONVERSION = -1;
const NULL = -2;
/** State 0 is where every journey starts. */
const START = 0;

/**
 * The transition counts of a Markov chain of order k over customer paths. A state is the tuple
 * of the last k channels touched (fewer at the start of a path); besides them there are the
 * start state and the absorbing conversion and null states. Each journey adds 1 to every
 * transition it takes: a path with 3 conversions and 5 nulls adds 8 to each of its transitions,
 * 3 to the last state's transition to conversion and 5 to its transition to null.
 */
export interface TMarkovChain {
  order: number;
  /** The channel tuple of each state; `states[0]` is the start state's empty tuple. */
  states: string[][];
  /** Outgoing transition counts per state, by target (a state index, CONVERSION or NULL). */
  out: Array<Map<number, number>>;
  channels: string[];
}

/** Runs of the same channel merged into one touch. */
export function collapseRepeats(channels: readonly string[]): string[] {
  return channels.filter((c, i) => i === 0 || c !== channels[i - 1]);
}

/**
 * Counts the transitions of the order-k chain over `paths`.
 *
 * @example buildMarkovChain([{ channels: ['A', 'B'], conversions: 1, value: 0, nulls: 1 }])
 * // states [[], ['A'], ['B']]; start→A 2, A→B 2, B→conversion 1, B→null 1
 */
export function buildMarkovChain(
  paths: readonly TPath[],
  options: TMarkovOptions = {},
): TMarkovChain {
  const order = options.order ?? 1;
  if (!Number.isInteger(order) || order < 1 || order > 3) {
    throw new AppError(400, 'invalid', `the Markov order must be 1, 2 or 3 (got ${order})`);
  }
  const collapse = options.collapseRepeats ?? true;
  // Over channel indexes (indexPaths): a state's key packs its last touches, newest first, as
  // (index + 1) digits in base (channels + 1), so that tuples of different lengths differ too.
  const ix = indexPaths(paths);
  const base = ix.channels.length + 1;
  const states: string[][] = [[]];
  const out: Array<Map<number, number>> = [new Map()];
  const index = new Map<number, number>();
  const add = (from: number, to: number, count: number) => {
    if (count === 0) return;
    const m = out[from]!;
    m.set(to, (m.get(to) ?? 0) + count);
  };
  for (let p = 0; p < paths.length; p++) {
    const conversions = ix.conversions[p]!;
    const nulls = ix.nulls[p]!;
    const journeys = conversions + nulls;
    if (journeys === 0) continue;
    let prev = START;
    // The last three touches, newest first (-1: none yet).
    let t0 = -1;
    let t1 = -1;
    let t2 = -1;
    let count = 0;
    for (let i = ix.starts[p]!; i < ix.starts[p + 1]!; i++) {
      const c = ix.touches[i]!;
      if (collapse && c === t0) continue;
      t2 = t1;
      t1 = t0;
      t0 = c;
      count++;
      const len = Math.min(count, order);
      const key = t0 + 1 + (len > 1 ? (t1 + 1) * base : 0) + (len > 2 ? (t2 + 1) * base * base : 0);
      let state = index.get(key);
      if (state === undefined) {
        state = states.length;
        index.set(key, state);
        states.push([t2, t1, t0].slice(3 - len).map((k) => ix.channels[k]!));
        out.push(new Map());
      }
      add(prev, state, journeys);
      prev = state;
    }
    if (count === 0) continue;
    add(prev, CONVERSION, conversions);
    add(prev, NULL, nulls);
  }
  return { order, states, out, channels: [...ix.channels] };
}

/** States from which `target` can be reached, walking `edges` (given as from → tos) backwards. */
function canReach(
  n: number,
  edges: ReadonlyArray<readonly number[]>,
  sources: readonly number[],
): Uint8Array {
  const reverse: number[][] = Array.from({ length: n }, () => []);
  for (let s = 0; s < n; s++) for (const t of edges[s]!) reverse[t]!.push(s);
  const seen = new Uint8Array(n);
  const stack = [...sources];
  for (const s of sources) seen[s] = 1;
  while (stack.length > 0) {
    const t = stack.pop()!;
    for (const s of reverse[t]!) {
      if (!seen[s]) {
        seen[s] = 1;
        stack.push(s);
      }
    }
  }
  return seen;
}

/**
 * The probability that a journey from the start state is absorbed in conversion, solved exactly
 * as an absorbing chain: with Q the transitions among transient states and r the one-step
 * conversion probabilities, the absorption probabilities x satisfy (I − Q) x = r. States whose
 * tuple holds a channel in `removed` are turned into null (the journey is lost there), which is
 * how removal effects are measured. Only states reachable from the start that can still reach
 * conversion enter the system; every other state converts with probability 0.
 */
export function conversionProbability(
  chain: TMarkovChain,
  removed: ReadonlySet<string> = new Set(),
): number {
  const n = chain.states.length;
  const alive = chain.states.map((tuple) => !tuple.some((c) => removed.has(c)));
  // Forward reachability from the start through surviving states.
  const reachable = new Uint8Array(n);
  reachable[START] = 1;
  const stack = [START];
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (const t of chain.out[s]!.keys()) {
      if (t >= 0 && alive[t] && !reachable[t]) {
        reachable[t] = 1;
        stack.push(t);
      }
    }
  }
  const edges = chain.out.map((m, s) =>
    reachable[s] ? [...m.keys()].filter((t) => t >= 0 && reachable[t]) : [],
  );
  const converting = chain.out.map((m, s) => reachable[s] === 1 && (m.get(CONVERSION) ?? 0) > 0);
  const sources = converting.flatMap((c, s) => (c ? [s] : []));
  const useful = canReach(n, edges, sources);
  if (!useful[START]) return 0;
  const unknowns: number[] = [];
  const position = new Int32Array(n).fill(-1);
  for (let s = 0; s < n; s++) {
    if (reachable[s] && useful[s]) {
      position[s] = unknowns.length;
      unknowns.push(s);
    }
  }
  const b = new Float64Array(unknowns.length);
  const rows = unknowns.map((s, i) => {
    const m = chain.out[s]!;
    let total = 0;
    for (const count of m.values()) total += count;
    const cols = [i];
    const vals = [1];
    for (const [t, count] of m) {
      if (t === CONVERSION) b[i] = count / total;
      else if (t >= 0 && position[t]! >= 0) {
        // A self-loop (possible when repeats are kept) lands on the diagonal.
        if (position[t] === i) vals[0]! -= count / total;
        else {
          cols.push(position[t]!);
          vals.push(-count / total);
        }
      }
    }
    return { cols, vals };
  });
  const system: TSparseSystem = { n: unknowns.length, rows, b };
  return solveLinearSystem(system)[position[START]!]!;
}

export interface TMarkovResult {
  credits: TChannelCredit[];
  /** P(conversion) of the full chain. */
  conversionProbability: number;
  /** Number of channel states (the start and absorbing states not counted). */
  states: number;
}

/**
 * Markov-chain attribution with removal effects. The removal effect of channel c is
 * RE(c) = 1 − P(conversion | c removed) / P(conversion); conversions and value are shared out in
 * proportion to the removal effects, so that they add up to the totals.
 *
 * @example
 * attributeMarkov([
 *   { channels: ['A', 'B', 'A', 'B', 'B', 'A'], conversions: 1, value: 0, nulls: 0 },
 *   { channels: ['A', 'B', 'B', 'A', 'A'], conversions: 1, value: 0, nulls: 0 },
 *   { channels: ['A', 'A'], conversions: 1, value: 0, nulls: 0 },
 * ]).credits
 * // [{ channel: 'A', conversions: 2, removalEffect: 1, … }, { channel: 'B', conversions: 1, removalEffect: 0.5, … }]
 */
export function attributeMarkov(
  paths: readonly TPath[],
  options: TMarkovOptions = {},
): TMarkovResult {
  const chain = buildMarkovChain(paths, options);
  const totals = sumPaths(paths);
  const full = conversionProbability(chain);
  const effects = chain.channels.map((c) =>
    full > 0 ? Math.max(0, 1 - conversionProbability(chain, new Set([c])) / full) : 0,
  );
  const sum = effects.reduce((a, b) => a + b, 0);
  const ledger = new CreditLedger();
  chain.channels.forEach((channel, i) => {
    const share = sum > 0 ? effects[i]! / sum : 0;
    ledger.add(channel, totals.conversions * share, totals.value * share);
    ledger.touch(channel).removalEffect = effects[i]!;
  });
  return { credits: ledger.list(), conversionProbability: full, states: chain.states.length - 1 };
}
