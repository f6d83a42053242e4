import { EMOJI_CODE_POINTS, VALENCE } from './lexicon.ts';

/** One word, emoticon or emoji of a text, with what the sentiment rules need to know about it. */
export interface Token {
  raw: string;
  lower: string;
  /** All its letters are capitals, and it has at least two ("GREAT", not "I"). */
  caps: boolean;
  /** Punctuation that ends a clause (, ; : . ! ?) follows it. */
  clauseEnd: boolean;
  /** Punctuation that ends a sentence (. ! ?) follows it. */
  sentenceEnd: boolean;
  /** The word right before it, lower-cased, even a single letter that is no token ("I like"). */
  previous: string;
  /** An emoticon or an emoji rather than a word. */
  symbol: boolean;
}

/** Letters and digits (Latin and other scripts below U+2000); everything else is punctuation. */
export function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 39 ||
    (code >= 0xc0 && code < 0x2000 && code !== 0xd7 && code !== 0xf7)
  );
}

function hasCapsOnly(word: string): boolean {
  let letters = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c >= 97 && c <= 122) return false;
    if (c >= 65 && c <= 90) letters++;
  }
  return letters >= 2;
}

/** The tokens so far, and the last word seen (kept even when too short to be a token). */
interface TokenList {
  tokens: Token[];
  previous: string;
}

function pushToken(
  list: TokenList,
  raw: string,
  lower: string,
  symbol: boolean,
  clauseEnd = false,
  end = false,
) {
  list.tokens.push({
    raw,
    lower,
    caps: !symbol && hasCapsOnly(raw),
    clauseEnd,
    sentenceEnd: end,
    previous: list.previous,
    symbol,
  });
  list.previous = clauseEnd ? '' : lower;
}

/** Adds one whitespace-delimited piece: an emoticon as it is, otherwise the word inside the
 * punctuation, noting whether the punctuation after it closes a clause or a sentence. */
function addPiece(piece: string, list: TokenList) {
  const lowerPiece = piece.toLowerCase();
  if (
    (!isWordChar(piece.charCodeAt(0)) || !isWordChar(piece.charCodeAt(piece.length - 1))) &&
    VALENCE.has(lowerPiece)
  ) {
    // An emoticon such as ":)", "D:" or "<3": here the punctuation is the point.
    pushToken(list, piece, lowerPiece, true);
    return;
  }
  let start = 0;
  let end = piece.length;
  while (start < end && !isWordChar(piece.charCodeAt(start))) start++;
  while (end > start && !isWordChar(piece.charCodeAt(end - 1))) end--;
  // Quotes around a word are punctuation; an apostrophe inside it ("don't") is not.
  while (start < end && piece.charCodeAt(start) === 39) start++;
  while (end > start && piece.charCodeAt(end - 1) === 39) end--;
  let clauseEnd = false;
  let sentenceEnd = false;
  for (let i = end; i < piece.length; i++) {
    const c = piece[i];
    if (c === '.' || c === '!' || c === '?') sentenceEnd = clauseEnd = true;
    else if (c === ',' || c === ';' || c === ':') clauseEnd = true;
  }
  const word = piece.slice(start, end);
  // Single letters ("I", "a") carry no sentiment, and as tokens they would only push a negator
  // or a modifier out of reach of the word it modifies.
  if (word.length < 2) {
    const last = list.tokens[list.tokens.length - 1];
    if (last && clauseEnd) {
      last.clauseEnd = true;
      last.sentenceEnd ||= sentenceEnd;
    }
    list.previous = clauseEnd ? '' : word.toLowerCase();
    return;
  }
  pushToken(list, word, word.toLowerCase(), false, clauseEnd, sentenceEnd);
}

/** Splits a piece that holds emoji into emoji tokens and the text between them. */
function addPieceWithEmoji(piece: string, list: TokenList) {
  let text = '';
  for (const ch of piece) {
    const cp = ch.codePointAt(0)!;
    if (EMOJI_CODE_POINTS.has(cp)) {
      if (text) addPiece(text, list);
      text = '';
      pushToken(list, ch, ch, true);
    } else if (cp === 0xfe0f || cp === 0x200d || (cp >= 0x1f3fb && cp <= 0x1f3ff)) {
      // Variation selectors, joiners and skin tones belong to the emoji before them.
    } else {
      text += ch;
    }
  }
  if (text) addPiece(text, list);
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};

/** Decodes the HTML entities that text scraped from web pages and APIs usually carries. */
export function decodeEntities(text: string): string {
  return text.includes('&')
    ? text.replace(/&(amp|lt|gt|quot|#39|apos);/g, (m) => ENTITIES[m] ?? m)
    : text;
}

/**
 * Splits text into word, emoticon and emoji tokens. Words lose the punctuation around them
 * (remembered as clause and sentence ends); emoticons keep theirs; emoji are split from words.
 *
 * @example tokenize("NOT good :(").map((t) => t.lower) // ['not', 'good', ':(']
 */
export function tokenize(text: string): Token[] {
  const list: TokenList = { tokens: [], previous: '' };
  for (const piece of text.split(/\s+/)) {
    if (!piece) continue;
    let high = false;
    for (let i = 0; i < piece.length; i++) {
      if (piece.charCodeAt(i) >= 0x2000) {
        high = true;
        break;
      }
    }
    // Curly apostrophes become straight ones, so that "don’t" is "don't".
    if (high) addPieceWithEmoji(piece.replace(/[\u2018\u2019]/g, "'"), list);
    else addPiece(piece, list);
  }
  return list.tokens;
}
