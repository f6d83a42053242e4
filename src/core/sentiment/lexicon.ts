import { EMOJI_VALENCE } from './lexicon/emoji-valence.ts';
import { VADER_LEXICON_TSV } from './lexicon/vader-lexicon.ts';

/**
 * The word lists the sentiment rules read: valences (on VADER's −4..+4 scale), degree modifiers,
 * negators. Built once at import; lookups are Map gets on lower-cased tokens.
 */

/** Token → valence, −4..+4: the VADER lexicon, with emoji ratings rescaled from ±5 to ±4. */
export const VALENCE: ReadonlyMap<string, number> = buildValence();

function buildValence(): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of VADER_LEXICON_TSV.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    const token = line.slice(0, tab).toLowerCase();
    const valence = Number(line.slice(tab + 1));
    // Ten tokens ("lol", "ok", "d:") were rated twice by separate groups of ten raters; the mean
    // over all twenty ratings is the better estimate of either.
    const seen = map.get(token);
    map.set(token, seen === undefined ? valence : (seen + valence) / 2);
  }
  // Emoji are rated on AFINN's ±5 scale; 0.8 puts them on the lexicon's ±4 scale.
  for (const [emoji, polarity] of EMOJI_VALENCE) {
    map.set(emoji, 0.8 * polarity);
    // Some emoji are written with the variation selector U+FE0F, others without: accept both.
    map.set(emoji.replace(/\uFE0F/g, ''), 0.8 * polarity);
  }
  return map;
}

/**
 * Regular English suffixes that keep the sentiment of the word they are added to, each with the
 * endings that it may have replaced: adverbs ("superbly" → "superb", "happily" → "happy"), nouns
 * of quality ("freshness" → "fresh"), plurals and third persons ("crimes" → "crime").
 */
const SUFFIXES: ReadonlyArray<readonly [suffix: string, replacements: readonly string[]]> = [
  ['ily', ['y']],
  ['ly', ['', 'e']],
  ['iness', ['y']],
  ['ness', ['']],
  ['ies', ['y']],
  ['es', ['']],
  ['s', ['']],
];

/**
 * The valence of a lower-cased token: from the lexicon, or, for a word that it lacks, from the
 * word it derives from by one of the suffixes above, when that word is in the lexicon.
 *
 * @example lookupValence('superbly') // 3.1, the valence of "superb"
 */
export function lookupValence(lower: string): number | undefined {
  const direct = VALENCE.get(lower);
  if (direct !== undefined) return direct;
  for (const [suffix, replacements] of SUFFIXES) {
    // A stem of fewer than four letters makes false friends.
    if (lower.length - suffix.length < 4 || !lower.endsWith(suffix)) continue;
    const stem = lower.slice(0, -suffix.length);
    for (const r of replacements) {
      const v = VALENCE.get(stem + r);
      if (v !== undefined) return v;
    }
  }
  return lookupDrawnOut(lower, VALENCE);
}

const DRAWN_OUT = /(\w)\1\1/;

/** Letters drawn out for emphasis ("gooood", "sooo sad", "nooo") spell a word that has one or
 * two of them: look that word up. */
function lookupDrawnOut<T>(lower: string, map: ReadonlyMap<string, T>): T | undefined {
  if (!DRAWN_OUT.test(lower)) return undefined;
  return map.get(lower.replace(/(\w)\1+/g, '$1$1')) ?? map.get(lower.replace(/(\w)\1+/g, '$1'));
}

/**
 * Whether a lower-cased token is a degree modifier: +1 for an intensifier, −1 for a dampener.
 *
 * @example modifierOf('sooo') // 1
 */
export function modifierOf(lower: string): 1 | -1 | undefined {
  return MODIFIERS.get(lower) ?? lookupDrawnOut(lower, MODIFIERS);
}

/** Emoji characters: every emoji of the list, by code point. */
export const EMOJI_CODE_POINTS: ReadonlySet<number> = new Set(
  EMOJI_VALENCE.map(([e]) => e.codePointAt(0)!),
);

/**
 * Degree modifiers and how far they push the valence of the word they modify: the mean effect
 * that Hutto & Gilbert measured for intensifiers ("extremely good" vs "good") was 0.293 on the
 * ±4 scale, and the same amount down for dampeners ("marginally good").
 */
export const BOOST_STEP = 0.293;

const INTENSIFIERS = [
  'absolutely',
  'amazingly',
  'awfully',
  'completely',
  'considerable',
  'considerably',
  'decidedly',
  'deeply',
  'effing',
  'enormous',
  'enormously',
  'entirely',
  'especially',
  'exceptional',
  'exceptionally',
  'extreme',
  'extremely',
  'fabulously',
  'flipping',
  'freaking',
  'fricking',
  'frigging',
  'fully',
  'fucking',
  'greatly',
  'hella',
  'highly',
  'hugely',
  'incredible',
  'incredibly',
  'intensely',
  'major',
  'majorly',
  'more',
  'most',
  'particularly',
  'purely',
  'quite',
  'really',
  'remarkably',
  'so',
  'substantially',
  'thoroughly',
  'total',
  'totally',
  'tremendous',
  'tremendously',
  'truly',
  'uber',
  'unbelievably',
  'unusually',
  'utter',
  'utterly',
  'very',
];

const DAMPENERS = [
  'almost',
  'barely',
  'hardly',
  'kinda',
  'less',
  'little',
  'marginal',
  'marginally',
  'occasional',
  'occasionally',
  'partly',
  'scarce',
  'scarcely',
  'slight',
  'slightly',
  'somewhat',
  'sorta',
];

/** Lower-cased modifier → +1 (intensifier) or −1 (dampener). */
export const MODIFIERS: ReadonlyMap<string, 1 | -1> = new Map([
  ...INTENSIFIERS.map((w) => [w, 1] as const),
  ...DAMPENERS.map((w) => [w, -1] as const),
]);

/**
 * Words that negate what follows. Contractions are matched by their "n't" ending as well, so
 * "isn't", "wouldn't" and the apostrophe-less "dont", "cant" of informal text all count.
 */
export const NEGATORS: ReadonlySet<string> = new Set([
  'not',
  'no',
  'never',
  'none',
  'nobody',
  'nothing',
  'neither',
  'nor',
  'nowhere',
  'cannot',
  'without',
  'rarely',
  'seldom',
  'aint',
  'arent',
  'cant',
  'couldnt',
  'darent',
  'didnt',
  'doesnt',
  'dont',
  'hadnt',
  'hasnt',
  'havent',
  'isnt',
  'mightnt',
  'mustnt',
  'neednt',
  'oughtnt',
  'shant',
  'shouldnt',
  'wasnt',
  'werent',
  'wont',
  'wouldnt',
]);

const NEGATOR_MAP: ReadonlyMap<string, true> = new Map([...NEGATORS].map((w) => [w, true]));

/** Whether a lower-cased token negates what follows it. */
export function isNegator(lower: string): boolean {
  return (
    NEGATORS.has(lower) || lower.endsWith("n't") || lookupDrawnOut(lower, NEGATOR_MAP) === true
  );
}

/** Multiplier of a negated valence: negation flips and weakens ("not good" is less bad than
 * "bad"); −0.74 is the factor Hutto & Gilbert measured. */
export const NEGATION_FACTOR = -0.74;

/** Extra valence of a word in capitals among lower-case text (VADER's measured 0.733). */
export const CAPS_BOOST = 0.733;
