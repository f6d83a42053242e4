import { invalid } from '../errors.ts';
import { splitWords } from './featurize.ts';
import { createRandom } from './random.ts';

/**
 * Themes in unlabelled messages: TF-IDF over content words and word pairs, spherical k-means
 * (cosine similarity, k-means++ seeding, the best of a few seeded restarts), each theme named by
 * the terms that weigh most in its centre, with its volume and the messages closest to its centre.
 *
 * Choosing k: if not given, the k from 2 to min(15, √n) with the highest mean silhouette (cosine
 * distance) on a seeded sample of at most 600 messages (Rousseeuw 1987): the silhouette compares
 * how close each message is to its own theme with how close it is to the nearest other, so it
 * rewards themes that are both tight and distinct, without a preference for more themes.
 */

export interface TTheme {
  /** The top terms of the theme's centre, joined by " / ". */
  name: string;
  terms: string[];
  volume: number;
  /** volume / number of messages. */
  share: number;
  /** Up to three messages closest to the centre. */
  examples: string[];
}

export interface TDiscoverOptions {
  /** The number of themes; chosen by silhouette when absent. */
  themes?: number;
  seed?: number;
  /** Terms per theme name. */
  nameTerms?: number;
  /** Return each text's theme as `assignment`. */
  assign?: boolean;
}

export interface TDiscovery {
  themes: TTheme[];
  /**
   * With the `assign` option: for each input text, the index in `themes` of the theme it belongs
   * to (so that a caller can count other figures, such as customers, per theme).
   */
  assignment?: number[];
  /** How k was set: given, or the silhouette choice (with the silhouette of each k tried). */
  k: number;
  chosenBy: 'given' | 'silhouette';
  silhouettes?: Array<{ k: number; silhouette: number }>;
}

/**
 * English function words: they say how a message is phrased, not what it is about, so they
 * neither shape nor name a theme.
 */
const STOPWORDS = new Set(
  (
    "a about above after again against all am an and any are aren't as at be because been before " +
    "being below between both but by can can't cannot could couldn't did didn't do does doesn't " +
    "doing don't down during each few for from further had hadn't has hasn't have haven't having he " +
    "her here hers herself him himself his how i i'd i'll i'm i've if in into is isn't it it's its " +
    'itself just let me more most my myself no nor not now of off on once only or other ought our ' +
    "ours ourselves out over own please same she should shouldn't so some still such than that the " +
    'their theirs them themselves then there these they this those through to too under until up ' +
    "very was wasn't we were weren't what when where which while who whom why will with won't would " +
    "wouldn't you you'd you'll you're you've your yours yourself yourselves get got also can't its " +
    'im ive dont cant wont didnt doesnt isnt'
  ).split(' '),
);

interface Corpus {
  terms: string[];
  rows: Array<{ indices: Int32Array; values: Float64Array }>;
}

/** Unit-length TF-IDF rows over content words and word pairs in 2 .. 50 % of the messages. */
function vectorize(texts: readonly string[]): Corpus {
  const docs = texts.map((t) => {
    const words = splitWords(t).filter((w) => !STOPWORDS.has(w) && !/^\d+$/.test(w));
    const terms = [...words];
    for (let i = 1; i < words.length; i++) terms.push(`${words[i - 1]} ${words[i]}`);
    return terms;
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = texts.length;
  const minDf = n >= 20 ? 2 : 1;
  const terms = [...df.entries()]
    .filter(([, c]) => c >= minDf && c <= Math.max(minDf, 0.5 * n))
    .map(([t]) => t)
    .sort();
  const index = new Map(terms.map((t, i) => [t, i]));
  const idf = terms.map((t) => Math.log((1 + n) / (1 + df.get(t)!)) + 1);
  const rows = docs.map((d) => {
    const tf = new Map<number, number>();
    for (const t of d) {
      const i = index.get(t);
      if (i !== undefined) tf.set(i, (tf.get(i) ?? 0) + 1);
    }
    const entries = [...tf.entries()].sort((a, b) => a[0] - b[0]);
    const values = Float64Array.from(entries, ([i, c]) => (1 + Math.log(c)) * idf[i]!);
    let norm = 0;
    for (const v of values) norm += v * v;
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { indices: Int32Array.from(entries, ([i]) => i), values };
  });
  return { terms, rows };
}

function dotDense(row: Corpus['rows'][number], centre: Float64Array): number {
  let s = 0;
  for (let k = 0; k < row.indices.length; k++) s += centre[row.indices[k]!]! * row.values[k]!;
  return s;
}

function dotSparse(a: Corpus['rows'][number], b: Corpus['rows'][number]): number {
  let s = 0;
  let i = 0;
  let j = 0;
  while (i < a.indices.length && j < b.indices.length) {
    if (a.indices[i] === b.indices[j]) s += a.values[i++]! * b.values[j++]!;
    else if (a.indices[i]! < b.indices[j]!) i++;
    else j++;
  }
  return s;
}

interface Clustering {
  assignment: Int32Array;
  centres: Float64Array[];
  /** Sum of each row's similarity to its centre (higher is tighter). */
  cohesion: number;
}

/** Spherical k-means from a k-means++ start; rows must be non-empty. */
function clusterOnce(
  rows: Corpus['rows'],
  dim: number,
  k: number,
  random: () => number,
): Clustering {
  const n = rows.length;
  const centres: Float64Array[] = [];
  const toCentre = (r: Corpus['rows'][number]) => {
    const c = new Float64Array(dim);
    for (let t = 0; t < r.indices.length; t++) c[r.indices[t]!] = r.values[t]!;
    return c;
  };
  // k-means++: each next centre is drawn with probability proportional to its distance from the
  // nearest centre so far (cosine distance 1 − similarity).
  centres.push(toCentre(rows[Math.floor(random() * n)]!));
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  while (centres.length < k) {
    const last = centres[centres.length - 1]!;
    let total = 0;
    for (let i = 0; i < n; i++) {
      nearest[i] = Math.min(nearest[i]!, Math.max(0, 1 - dotDense(rows[i]!, last)));
      total += nearest[i]!;
    }
    let pick = random() * total;
    let chosen = n - 1;
    for (let i = 0; i < n; i++) {
      pick -= nearest[i]!;
      if (pick <= 0) {
        chosen = i;
        break;
      }
    }
    centres.push(toCentre(rows[chosen]!));
  }
  const assignment = new Int32Array(n).fill(-1);
  let cohesion = 0;
  for (let iteration = 0; iteration < 100; iteration++) {
    let changed = 0;
    cohesion = 0;
    const best = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let bestC = 0;
      let bestS = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) {
        const s = dotDense(rows[i]!, centres[c]!);
        if (s > bestS) {
          bestS = s;
          bestC = c;
        }
      }
      if (assignment[i] !== bestC) changed++;
      assignment[i] = bestC;
      best[i] = bestS;
      cohesion += bestS;
    }
    if (changed === 0) break;
    const sizes = new Int32Array(k);
    for (const c of centres) c.fill(0);
    for (let i = 0; i < n; i++) {
      const c = centres[assignment[i]!]!;
      sizes[assignment[i]!]++;
      const r = rows[i]!;
      for (let t = 0; t < r.indices.length; t++) c[r.indices[t]!] += r.values[t]!;
    }
    for (let c = 0; c < k; c++) {
      if (sizes[c] === 0) {
        // An emptied theme restarts at the message its own theme fits worst.
        let worst = 0;
        for (let i = 1; i < n; i++) if (best[i]! < best[worst]!) worst = i;
        centres[c] = toCentre(rows[worst]!);
        best[worst] = Number.POSITIVE_INFINITY;
        continue;
      }
      let norm = 0;
      for (const v of centres[c]!) norm += v * v;
      norm = Math.sqrt(norm) || 1;
      for (let t = 0; t < dim; t++) centres[c]![t]! /= norm;
    }
  }
  return { assignment, centres, cohesion };
}

/** The best (most cohesive) of three seeded runs. */
function cluster(rows: Corpus['rows'], dim: number, k: number, seed: number): Clustering {
  let best: Clustering | undefined;
  for (let run = 0; run < 3; run++) {
    const c = clusterOnce(rows, dim, k, createRandom(seed * 1009 + run));
    if (!best || c.cohesion > best.cohesion) best = c;
  }
  return best!;
}

/** Mean silhouette (cosine distance) of a clustering, over the given rows. */
function silhouette(rows: Corpus['rows'], assignment: Int32Array, k: number): number {
  const n = rows.length;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sum = new Float64Array(k);
    const count = new Int32Array(k);
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      sum[assignment[j]!] += 1 - dotSparse(rows[i]!, rows[j]!);
      count[assignment[j]!]++;
    }
    const own = assignment[i]!;
    if (count[own] === 0) continue;
    const a = sum[own]! / count[own]!;
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++)
      if (c !== own && count[c]! > 0) b = Math.min(b, sum[c]! / count[c]!);
    if (Number.isFinite(b)) total += (b - a) / Math.max(a, b);
  }
  return total / n;
}

/**
 * Groups messages into themes. Messages without a single content word seen in another message
 * form a theme of their own ("(no common terms)"), so that volumes always add up to the input.
 *
 * @example discoverThemes(complaints, { themes: 8 }).themes[0] // { name: 'card / arrived / ...', volume: 120, ... }
 */
export function discoverThemes(
  texts: readonly string[],
  options: TDiscoverOptions = {},
): TDiscovery {
  if (texts.length === 0) throw invalid('no texts to group');
  const seed = options.seed ?? 1;
  const nameTerms = options.nameTerms ?? 3;
  const corpus = vectorize(texts);
  const withTerms: number[] = [];
  const without: number[] = [];
  corpus.rows.forEach((r, i) => {
    (r.indices.length > 0 ? withTerms : without).push(i);
  });
  const rows = withTerms.map((i) => corpus.rows[i]!);
  const dim = corpus.terms.length;
  const distinct = new Set(rows.map((r) => Array.from(r.indices).join(','))).size;

  let k: number;
  let chosenBy: TDiscovery['chosenBy'];
  let silhouettes: TDiscovery['silhouettes'];
  if (options.themes !== undefined) {
    if (!Number.isInteger(options.themes) || options.themes < 1)
      throw invalid('--themes must be a whole number ≥ 1');
    k = Math.min(options.themes, distinct);
    chosenBy = 'given';
  } else {
    chosenBy = 'silhouette';
    const maxK = Math.min(15, Math.floor(Math.sqrt(rows.length)), distinct);
    k = Math.min(1, rows.length);
    if (maxK >= 2) {
      // The silhouette costs n² similarities: judge each k on a seeded sample.
      const random = createRandom(seed + 7);
      const sample = rows
        .map((r, i) => ({ r, key: random(), i }))
        .sort((a, b) => a.key - b.key)
        .slice(0, 600)
        .sort((a, b) => a.i - b.i)
        .map((x) => x.r);
      silhouettes = [];
      let best = Number.NEGATIVE_INFINITY;
      for (let kk = 2; kk <= maxK; kk++) {
        const c = cluster(sample, dim, kk, seed);
        const s = silhouette(sample, c.assignment, kk);
        silhouettes.push({ k: kk, silhouette: s });
        if (s > best) {
          best = s;
          k = kk;
        }
      }
    }
  }

  const themes: TTheme[] = [];
  // The input texts of each theme, kept beside it through the sort below.
  const membersOf = new Map<TTheme, number[]>();
  if (rows.length > 0 && k >= 1) {
    const c = cluster(rows, dim, k, seed);
    for (let t = 0; t < k; t++) {
      const members = withTerms.filter((_, m) => c.assignment[m] === t);
      if (members.length === 0) continue;
      const centre = c.centres[t]!;
      const top = [...centre.keys()]
        .filter((i) => centre[i]! > 0)
        .sort((a, b) => centre[b]! - centre[a]! || a - b);
      const terms = pickNameTerms(
        top.map((i) => corpus.terms[i]!),
        nameTerms,
      );
      const examples = members
        .map((i) => ({ i, s: dotDense(corpus.rows[i]!, centre) }))
        .sort((a, b) => b.s - a.s || a.i - b.i);
      const seen = new Set<string>();
      const picked: string[] = [];
      for (const e of examples) {
        const text = texts[e.i]!.trim();
        if (seen.has(text)) continue;
        seen.add(text);
        picked.push(text);
        if (picked.length === 3) break;
      }
      const theme: TTheme = {
        name: terms.join(' / '),
        terms,
        volume: members.length,
        share: members.length / texts.length,
        examples: picked,
      };
      themes.push(theme);
      membersOf.set(theme, members);
    }
  }
  if (without.length > 0) {
    const theme: TTheme = {
      name: '(no common terms)',
      terms: [],
      volume: without.length,
      share: without.length / texts.length,
      examples: without.slice(0, 3).map((i) => texts[i]!.trim()),
    };
    themes.push(theme);
    membersOf.set(theme, without);
  }
  themes.sort((a, b) => b.volume - a.volume || a.name.localeCompare(b.name));
  let assignment: number[] | undefined;
  if (options.assign) {
    assignment = new Array<number>(texts.length).fill(-1);
    themes.forEach((theme, t) => {
      for (const i of membersOf.get(theme) ?? []) assignment![i] = t;
    });
  }
  return {
    themes,
    k,
    chosenBy,
    ...(silhouettes ? { silhouettes } : {}),
    ...(assignment ? { assignment } : {}),
  };
}

/** The heaviest terms, skipping a word already named inside a chosen pair and vice versa. */
function pickNameTerms(ranked: readonly string[], count: number): string[] {
  const chosen: string[] = [];
  for (const term of ranked) {
    const words = term.split(' ');
    const overlaps = chosen.some((c) => {
      const cw = c.split(' ');
      return words.some((w) => cw.includes(w));
    });
    if (overlaps) continue;
    chosen.push(term);
    if (chosen.length === count) break;
  }
  return chosen;
}
