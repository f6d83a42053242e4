import {
  BOOST_STEP,
  CAPS_BOOST,
  isNegator,
  lookupValence,
  modifierOf,
  NEGATION_FACTOR,
  VALENCE,
} from './lexicon.ts';
import { decodeEntities, type Token, tokenize } from './tokenize.ts';

/**
 * Sentiment of short free text (a chat message, a review, a survey comment), offline: a lexicon
 * of words rated by people, and rules for how context changes a word's valence, after Hutto &
 * Gilbert's VADER (ICWSM 2014). Written from the paper's description of its heuristics and the
 * effect sizes it measured, not ported from its code; where it departs from VADER, the comment
 * at that rule says why.
 *
 * Why it generalizes: nothing here is fitted to a corpus. The valences are context-free ratings
 * of words by people; the constants are effect sizes measured in controlled experiments on
 * sentence variants ("extremely good" vs "good"), not tuned on an evaluation set; and the rules
 * encode English grammar (negation, degree adverbs, contrast, concession) that holds in any
 * domain. What differs between domains is the lexicon's coverage, which the suffix fallback of
 * {@link lookupValence} widens without new ratings.
 */

export type TSentimentLabel = 'positive' | 'neutral' | 'negative';

export interface TSentiment {
  /** −1 (most negative) … +1 (most positive); 0 when no word carries sentiment. */
  score: number;
  label: TSentimentLabel;
}

/** Scores at or beyond ±0.05 are positive or negative; between, neutral (VADER's convention). */
export const NEUTRAL_BAND = 0.05;

/** The evidence s maps to s / √(s² + α): near-linear for one word, saturating towards ±1. */
const NORMALIZATION_ALPHA = 15;
/** Each "!" adds this much intensity, up to four of them. */
const EXCLAMATION_STEP = 0.292;
const MAX_EXCLAMATIONS = 4;
/** Two or three "?" add 0.18 each; more add 0.96 in all. */
const QUESTION_STEP = 0.18;
const MANY_QUESTIONS = 0.96;
/** Within a sentence, words before "but" weigh half and words after it one and a half: the
 * second clause carries the verdict ("the food was good but the service was awful"). */
const BEFORE_BUT = 0.5;
const AFTER_BUT = 1.5;
/** A concessive clause ("although it was cheap", "despite the long wait") is conceded, not
 * asserted: it weighs half, like the clause before "but". */
const CONCEDED = 0.5;
const CONCESSIVES: ReadonlySet<string> = new Set(['although', 'though', 'despite']);
/** How far back a negator or a modifier reaches, and how much less it counts two or three words
 * away than right before. */
const DISTANCE_DAMPING = [1, 0.95, 0.9];

/**
 * Negators that, followed by these words, affirm rather than negate: "no doubt a fine film",
 * "not only funny", "nothing short of brilliant", "no matter how slow", "never so happy".
 */
const NOT_NEGATING: Readonly<Record<string, ReadonlySet<string>>> = {
  no: new Set(['doubt', 'matter', 'wonder', 'question']),
  not: new Set(['only', 'just']),
  nothing: new Set(['short', 'but']),
  without: new Set(['doubt']),
  never: new Set(['so', 'this']),
};

/**
 * The words after which "like" is the verb of liking ("I like", "would like", "don't like").
 * Anywhere else it is the preposition of comparison ("looks like rain", "like a dentist's
 * waiting room"), which carries no sentiment; VADER scores every "like" as +2, which in reviews
 * and chat adds praise that nobody wrote.
 */
const LIKE_AS_VERB_AFTER: ReadonlySet<string> = new Set([
  'i',
  'u',
  'we',
  'you',
  'they',
  'he',
  'she',
  'who',
  'people',
  'really',
  'also',
  'just',
  'still',
  'totally',
  'would',
  "i'd",
  "we'd",
  "you'd",
  'do',
  'did',
  'does',
  'to',
  "don't",
  'dont',
  "didn't",
  'didnt',
  "doesn't",
  'doesnt',
  'might',
  'may',
  'will',
  'should',
  'could',
]);

const sign = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : 0);

/** Whether the token right after a modifier (or "no") is what it modifies. */
function modifiesNext(token: Token, next: Token | undefined): boolean {
  return (
    next !== undefined &&
    !token.clauseEnd &&
    (modifierOf(token.lower) !== undefined || token.lower === 'no') &&
    VALENCE.has(next.lower)
  );
}

/** The valence of token i after capitals, degree modifiers and negation; 0 if it has none. */
function valenceInContext(tokens: readonly Token[], i: number, mixedCase: boolean): number {
  const token = tokens[i]!;
  let v = lookupValence(token.lower);
  if (v === undefined) return 0;
  const next = tokens[i + 1];
  // A modifier or "no" right before a sentiment word modifies it rather than counting on its own:
  // "so happy" is one boosted feeling, "no problem" is not a negative word.
  if (modifiesNext(token, next)) return 0;
  // "kind of" and "sort of" are dampeners, not the adjective "kind".
  if ((token.lower === 'kind' || token.lower === 'sort') && next?.lower === 'of') return 0;
  if (token.lower === 'like' && !LIKE_AS_VERB_AFTER.has(token.previous)) return 0;
  // The second word of an affirming idiom ("no doubt", "nothing short") is part of the idiom.
  if (i > 0 && NOT_NEGATING[tokens[i - 1]!.lower]?.has(token.lower)) return 0;
  // Emoticons and emoji stand outside the grammar of the words around them: "still no card :("
  // is sad, not a negated sadness.
  if (token.symbol) return v;
  if (token.caps && mixedCase) v += sign(v) * CAPS_BOOST;
  let negated = false;
  for (let d = 1; d <= DISTANCE_DAMPING.length && i - d >= 0; d++) {
    const before = tokens[i - d]!;
    // Negation and degree do not cross a clause boundary ("not bad, great" is not "not great").
    if (before.clauseEnd) break;
    let modifier = modifierOf(before.lower);
    if ((before.lower === 'kind' || before.lower === 'sort') && tokens[i - d + 1]?.lower === 'of')
      modifier = -1;
    if (modifier !== undefined) {
      let step = modifier * BOOST_STEP;
      if (before.caps && mixedCase) step += modifier * CAPS_BOOST;
      v += sign(v) * step * DISTANCE_DAMPING[d - 1]!;
    }
    if (isNegator(before.lower) && !NOT_NEGATING[before.lower]?.has(tokens[i - d + 1]!.lower))
      negated = true;
    // "least" negates ("the least funny") unless it is "at least" or "very least".
    if (before.lower === 'least') {
      const prior = tokens[i - d - 1]?.lower;
      if (prior !== 'at' && prior !== 'very') negated = true;
    }
  }
  return negated ? v * NEGATION_FACTOR : v;
}

/** How much each token counts: contrast ("but") and concession ("although") shift the weight. */
function weighClauses(tokens: readonly Token[]): Float64Array {
  const weights = new Float64Array(tokens.length).fill(1);
  let sentenceStart = 0;
  for (let i = 0; i < tokens.length; i++) {
    if (!tokens[i]!.sentenceEnd && i < tokens.length - 1) continue;
    // VADER pivots the whole text on its first "but"; a text of several sentences has a contrast
    // in each, so the pivot here is the first "but" of each sentence.
    for (let j = sentenceStart; j <= i; j++) {
      if (tokens[j]!.lower !== 'but') continue;
      for (let m = sentenceStart; m <= i; m++) {
        if (m < j) weights[m] = BEFORE_BUT;
        else if (m > j) weights[m] = AFTER_BUT;
      }
      break;
    }
    sentenceStart = i + 1;
  }
  for (let j = 0; j < tokens.length; j++) {
    if (!CONCESSIVES.has(tokens[j]!.lower)) continue;
    for (let m = j; m < tokens.length; m++) {
      weights[m]! *= CONCEDED;
      if (tokens[m]!.clauseEnd) break;
    }
  }
  return weights;
}

/** Emphasis from "!" and repeated "?", added in the direction the text already leans. */
function punctuationEmphasis(text: string): number {
  let exclamations = 0;
  let questions = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) exclamations++;
    else if (c === 63) questions++;
  }
  let emphasis = Math.min(exclamations, MAX_EXCLAMATIONS) * EXCLAMATION_STEP;
  if (questions > 1) emphasis += questions <= 3 ? questions * QUESTION_STEP : MANY_QUESTIONS;
  return emphasis;
}

/**
 * Scores the sentiment of a text: a score in [−1, 1] and a label.
 *
 * Each word, emoticon or emoji takes its valence from the lexicon (−4..+4). In context: a word in
 * capitals among lower-case text gains 0.733; a degree modifier up to three words before adds or
 * removes 0.293 (95 % and 90 % of that two and three words away); a negator up to three words
 * before, in the same clause, flips the valence and scales it by 0.74. Within a sentence the words
 * before "but" weigh 0.5 and those after it 1.5; a concessive clause weighs 0.5. The k weighted
 * valences add up to s, and the evidence is s / √k: VADER uses s itself, which saturates at ±1
 * for any long text with many sentiment words whatever their balance; dividing by √k (the scale
 * of a sum of k independent signals) keeps agreement between many words stronger than one word
 * while letting a long mixed review stay mixed. "!" (up to four, 0.292 each) and repeated "?" add
 * emphasis, and the evidence e becomes e / √(e² + 15).
 *
 * @example scoreSentiment('The support was not helpful at all.') // { score: -0.4, label: 'negative' } (rounded)
 */
export function scoreSentiment(text: string): TSentiment {
  const decoded = decodeEntities(text);
  const tokens = tokenize(decoded);
  let caps = 0;
  let words = 0;
  for (const t of tokens) {
    if (t.caps) caps++;
    if (!t.symbol) words++;
  }
  // Capitals are emphasis only against lower-case text; all-caps text is just shouting.
  const mixedCase = caps > 0 && caps < words;
  const weights = weighClauses(tokens);
  let sum = 0;
  let count = 0;
  for (let j = 0; j < tokens.length; j++) {
    const v = valenceInContext(tokens, j, mixedCase);
    if (v === 0) continue;
    count++;
    sum += v * weights[j]!;
  }
  let evidence = count > 0 ? sum / Math.sqrt(count) : 0;
  if (evidence !== 0) evidence += sign(evidence) * punctuationEmphasis(decoded);
  const score = evidence / Math.sqrt(evidence * evidence + NORMALIZATION_ALPHA);
  return { score, label: labelSentiment(score) };
}

/**
 * The label of a score: positive from +0.05, negative from −0.05, neutral between.
 *
 * @example labelSentiment(0.3) // 'positive'
 */
export function labelSentiment(score: number): TSentimentLabel {
  if (score >= NEUTRAL_BAND) return 'positive';
  if (score <= -NEUTRAL_BAND) return 'negative';
  return 'neutral';
}
