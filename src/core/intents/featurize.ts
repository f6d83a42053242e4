import { KeyTable } from './key-table.ts';

/**
 * Text → sparse TF-IDF vectors over word unigrams and bigrams and character n-grams.
 *
 * Words carry the topic ("refund", "card"); bigrams carry short phrases ("not arrived", "top
 * up"); character n-grams inside word boundaries (2 to 5 characters of " word ") make the model
 * robust to the typos, inflections and compounds that customer messages are full of ("recieve",
 * "topped", "top-up"). Each block is weighted by sublinear term frequency (1 + ln tf) times
 * smoothed inverse document frequency and scaled to unit length, and the whole vector is then
 * scaled to unit length, so that long and short messages are comparable.
 *
 * Terms are identified by a 52-bit hash of their characters rather than by the string itself:
 * no substring is ever built, which makes featurizing several times faster, and with a few
 * hundred thousand distinct terms a collision has a probability of about 1e-5.
 */

/** A sparse vector: ascending feature indices and their values. */
export interface TSparseVector {
  indices: Int32Array;
  values: Float32Array;
}

export interface TFeatureOptions {
  /** Character n-gram lengths, inclusive; [0, 0] for none. */
  charNgrams: readonly [number, number];
  /** Word bigrams as well as unigrams. */
  wordBigrams: boolean;
  /** Terms seen in fewer training texts than this are dropped (noise, and a smaller model). */
  minDocumentFrequency: number;
}

export const DEFAULT_FEATURE_OPTIONS: TFeatureOptions = {
  charNgrams: [2, 5],
  wordBigrams: true,
  minDocumentFrequency: 2,
};

/** A fitted vectorizer: the term keys of its vocabulary, in index order, and their IDF. */
export interface TVectorizer {
  options: TFeatureOptions;
  keys: Float64Array;
  idf: Float32Array;
}

/**
 * Lower-cases and splits text into words of letters and digits (keeping an inner apostrophe).
 *
 * @example splitWords("Can't top-up my card?!") // ["can't", 'top', 'up', 'my', 'card']
 */
export function splitWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:'\p{L}+)?/gu) ?? [];
}

const CHAR_BLOCK = 1;
const WORD_BLOCK = 2;
/** Two independent 32-bit hashes make a 52-bit key (26 + 26 bits); doubled plus the block
 * bit, it stays below 2^53, so it is an exact number in JavaScript and in JSON. */
function keyOf(h1: number, h2: number): number {
  return (h1 >>> 6) * 67108864 + (h2 >>> 6);
}

/** Hashes a word (as a whole) into its two 32-bit halves. */
function hashWord(word: string, seed: number): [number, number] {
  let a = (0x811c9dc5 ^ seed) >>> 0;
  let b = (0x01000193 ^ (seed * 0x9e3779b1)) >>> 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return [a >>> 0, b >>> 0];
}

/** A reusable buffer of term keys (one text has at most a few thousand terms). */
let buffer = new Float64Array(4096);

/**
 * The term keys of one text, sorted, repeats included (a repeated term is a run). Word terms
 * and character terms are kept apart by the lowest bit, because each block is weighted on its own.
 */
function collectTerms(text: string, o: TFeatureOptions): Float64Array {
  let n = 0;
  const add = (key: number) => {
    if (n === buffer.length) {
      const bigger = new Float64Array(buffer.length * 2);
      bigger.set(buffer);
      buffer = bigger;
    }
    buffer[n++] = key;
  };
  const words = splitWords(text);
  let p0 = 0;
  let p1 = 0;
  for (let w = 0; w < words.length; w++) {
    const [h0, h1] = hashWord(words[w]!, WORD_BLOCK);
    add(keyOf(h0, h1) * 2 + 1);
    if (o.wordBigrams && w > 0) {
      add(keyOf((Math.imul(p0, 31) ^ h1) >>> 0, Math.imul(p1 ^ h0, 0x5bd1e995) >>> 0) * 2 + 1);
    }
    p0 = h0;
    p1 = h1;
  }
  const [lo, hi] = o.charNgrams;
  if (lo > 0) {
    for (const word of words) {
      // " word ": the spaces mark the n-grams that start or end a word.
      const len = word.length + 2;
      for (let s = 0; s + lo <= len; s++) {
        let a = (0x811c9dc5 ^ CHAR_BLOCK) >>> 0;
        let b = (0x01000193 ^ (CHAR_BLOCK * 0x9e3779b1)) >>> 0;
        for (let k = 1; k <= hi && s + k <= len; k++) {
          const at = s + k - 1;
          const c = at === 0 || at === len - 1 ? 32 : word.charCodeAt(at - 1);
          a = Math.imul(a ^ c, 0x01000193);
          b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
          // The length goes into the key, so that n-grams of different lengths cannot meet.
          if (k >= lo) add(keyOf((a ^ k) >>> 0, b >>> 0) * 2);
        }
      }
    }
  }
  return buffer.subarray(0, n).sort();
}

/** Whether a key belongs to the word block (odd) or the character block (even). */
const isWordKey = (key: number) => key % 2 === 1;

/**
 * Learns the vocabulary (terms in at least `minDocumentFrequency` texts) and IDF weights.
 *
 * @example const v = fitVectorizer(['card not arrived', 'refund please', 'card lost']);
 */
export function fitVectorizer(
  texts: readonly string[],
  options: TFeatureOptions = DEFAULT_FEATURE_OPTIONS,
): TVectorizer {
  const df = new KeyTable(1 << 16);
  for (const text of texts) {
    const terms = collectTerms(text, options);
    for (let k = 0; k < terms.length; k++)
      if (k === 0 || terms[k] !== terms[k - 1]) df.add(terms[k]!, 1);
  }
  const kept: number[] = [];
  const counts: number[] = [];
  df.forEach((key, n) => {
    if (n >= options.minDocumentFrequency) kept.push(key);
  });
  // Sorted, so that the same corpus always gives the same indices.
  kept.sort((a, b) => a - b);
  for (const key of kept) counts.push(df.get(key));
  const idf = new Float32Array(kept.length);
  const n = texts.length;
  for (let i = 0; i < kept.length; i++) idf[i] = Math.log((1 + n) / (1 + counts[i]!)) + 1;
  return { options, keys: Float64Array.from(kept), idf };
}

interface TransformState {
  index: KeyTable;
  /** Dense scratch weights, zero between calls. */
  scratch: Float64Array;
}

const stateCache = new WeakMap<TVectorizer, TransformState>();

/** Key → index and a scratch vector, built once per vectorizer. */
function stateOf(v: TVectorizer): TransformState {
  let state = stateCache.get(v);
  if (!state) {
    const index = new KeyTable(v.keys.length);
    for (let i = 0; i < v.keys.length; i++) index.set(v.keys[i]!, i);
    state = { index, scratch: new Float64Array(v.keys.length) };
    stateCache.set(v, state);
  }
  return state;
}

/**
 * The unit-length TF-IDF vector of one text; terms outside the vocabulary are ignored.
 *
 * @example transform(vectorizer, 'my card has not arrived').indices.length > 0
 */
export function transform(v: TVectorizer, text: string): TSparseVector {
  const { index, scratch } = stateOf(v);
  const terms = collectTerms(text, v.options);
  const indices = new Int32Array(terms.length);
  let used = 0;
  let wordNorm = 0;
  let charNorm = 0;
  for (let k = 0; k < terms.length; ) {
    const key = terms[k]!;
    let count = 1;
    while (k + count < terms.length && terms[k + count] === key) count++;
    k += count;
    const i = index.get(key);
    if (i < 0) continue;
    const x = (1 + Math.log(count)) * v.idf[i]!;
    // The block is remembered by sign until the block norms are known.
    scratch[i] = isWordKey(key) ? x : -x;
    indices[used++] = i;
    if (isWordKey(key)) wordNorm += x * x;
    else charNorm += x * x;
  }
  wordNorm = Math.sqrt(wordNorm) || 1;
  charNorm = Math.sqrt(charNorm) || 1;
  const sorted = indices.subarray(0, used).sort();
  const values = new Float32Array(used);
  let total = 0;
  for (let k = 0; k < used; k++) {
    const x = scratch[sorted[k]!]!;
    scratch[sorted[k]!] = 0;
    const y = x >= 0 ? x / wordNorm : -x / charNorm;
    values[k] = y;
    total += y * y;
  }
  const norm = Math.sqrt(total) || 1;
  for (let k = 0; k < used; k++) values[k] /= norm;
  return { indices: sorted.slice(), values };
}
