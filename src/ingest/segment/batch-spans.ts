const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const BATCH_KEY = Buffer.from('batch');
const STORED_KEYS = [Buffer.from('properties'), Buffer.from('context')];

/** Where one batch item sits in the body, and whether its text can stand for it in storage. */
export interface TItemSpan {
  start: number;
  end: number;
  /**
   * False when the item names `properties` or `context` twice, or spells either key with
   * escapes: JSON.parse keeps the last duplicate, other JSON readers the first, so the parsed
   * object is the only unambiguous source for such an item.
   */
  verbatim: boolean;
}

const isSpace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * The byte ranges `[start, end)` of the items of the top-level `batch` array of a `/v1/batch`
 * body, in order. The body must already have parsed as JSON. The 32 KB limit applies to each
 * event as sent, and this measures it in one pass over the bytes instead of serializing every
 * parsed event again.
 *
 * Returns null when the answer would be ambiguous (no `batch` array at the top level, or a key
 * spelt with escapes); callers then measure the parsed items instead.
 *
 * @example batchSpans(Buffer.from('{"batch":[{"a":1}, 2]}'))
 * // [{ start: 10, end: 17, verbatim: true }, { start: 19, end: 20, verbatim: true }]
 */
export function batchSpans(body: Buffer): TItemSpan[] | null {
  let depth = 0;
  let keyStart = -1;
  let keyEnd = -1;
  let escapedKey = false;
  let inBatch = false;
  let spans: TItemSpan[] | null = null;
  let current: TItemSpan[] = [];
  let itemStart = -1;
  // Keys directly in an item object: expected after its `{` and after each `,` at that depth.
  let expectKey = false;
  let seen = 0;
  let verbatim = true;
  const endItem = (at: number) => {
    if (itemStart >= 0)
      current.push({ start: itemStart, end: lastNonSpace(body, at) + 1, verbatim });
    itemStart = -1;
    seen = 0;
    verbatim = true;
  };
  const n = body.length;
  for (let i = 0; i < n; i++) {
    const b = body[i]!;
    if (b === QUOTE) {
      // Skip the string; remember whether it holds escapes (keys are compared byte by byte).
      const start = i;
      let escaped = false;
      for (i++; i < n; i++) {
        const c = body[i]!;
        if (c === BACKSLASH) {
          escaped = true;
          i++;
        } else if (c === QUOTE) break;
      }
      if (depth === 1) {
        keyStart = start + 1;
        keyEnd = i;
        escapedKey = escaped;
      } else if (inBatch && depth === 2 && itemStart < 0) itemStart = start;
      else if (inBatch && depth === 3 && expectKey) {
        expectKey = false;
        const key = body.subarray(start + 1, i);
        for (let k = 0; k < STORED_KEYS.length; k++) {
          if (key.equals(STORED_KEYS[k]!)) {
            if (seen & (1 << k)) verbatim = false;
            seen |= 1 << k;
          }
        }
        if (escaped) verbatim = false;
      }
      continue;
    }
    if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
      if (inBatch && depth === 2) {
        if (itemStart < 0) itemStart = i;
        expectKey = b === OPEN_OBJECT;
      }
      depth++;
      if (depth === 2 && b === OPEN_ARRAY) {
        if (escapedKey) return null;
        inBatch = body.subarray(keyStart, keyEnd).equals(BATCH_KEY);
        current = [];
        itemStart = -1;
      }
      continue;
    }
    if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
      if (inBatch && depth === 2) {
        // The batch array closes: its last item (if any) ends at the last non-space byte.
        endItem(i);
        spans = current; // a later "batch" key wins, as in JSON.parse
        inBatch = false;
      }
      depth--;
      continue;
    }
    if (inBatch && depth === 2) {
      if (b === COMMA) endItem(i);
      else if (itemStart < 0 && !isSpace(b)) itemStart = i;
    } else if (inBatch && depth === 3 && b === COMMA) expectKey = true;
    else if (b === COLON) expectKey = false;
  }
  return spans;
}

function lastNonSpace(body: Buffer, before: number): number {
  let j = before - 1;
  while (j >= 0 && isSpace(body[j]!)) j--;
  return j;
}
