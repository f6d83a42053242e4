import { describe, expect, it } from 'vitest';
import { batchSpans } from './batch-spans.ts';

/** The text of every span, so that tests read as JSON rather than offsets. */
function items(body: string) {
  const buf = Buffer.from(body);
  return batchSpans(buf)?.map((s) => ({
    text: buf.toString('utf8', s.start, s.end),
    verbatim: s.verbatim,
  }));
}

describe('batchSpans', () => {
  it('finds each item of the batch array as sent, whitespace and newlines around them excluded', () => {
    const body =
      '{ "sentAt": "x",\n  "batch": [\n  {"a": [1, {"b": "]}"}]} ,\n\t2, "s\\"]" , null\n]}';
    expect(items(body)?.map((i) => i.text)).toEqual([
      '{"a": [1, {"b": "]}"}]}',
      '2',
      '"s\\"]"',
      'null',
    ]);
  });

  it('agrees with JSON.parse on the size of every item, multi-byte characters included', () => {
    const batch = [
      { type: 'track', event: 'Café ☕', properties: { q: '"quoted" [and] {braced}', n: [1, 2] } },
      { type: 'page', properties: { path: '/ünïcode/😀' } },
      {},
    ];
    const body = JSON.stringify({ batch, context: { batch: [9] } });
    const spans = batchSpans(Buffer.from(body))!;
    expect(spans.map((s) => s.end - s.start)).toEqual(
      batch.map((b) => Buffer.byteLength(JSON.stringify(b))),
    );
  });

  it('takes the last top-level batch key, as JSON.parse does, and ignores nested ones', () => {
    expect(
      items('{"batch":[1],"x":{"batch":[5,6]},"batch":[{"k":2}]}')?.map((i) => i.text),
    ).toEqual(['{"k":2}']);
    expect(items('{"batch":[]}')).toEqual([]);
  });

  it('gives up when there is no top-level batch array or its key is spelt with escapes', () => {
    expect(batchSpans(Buffer.from('{"events":[1]}'))).toBeNull();
    expect(batchSpans(Buffer.from('{"b\\u0061tch":[1]}'))).toBeNull();
  });

  it('marks items whose properties or context appear twice, or whose keys use escapes, as not verbatim', () => {
    const body = JSON.stringify({ batch: [{ properties: { a: 1 } }] }).replace(
      '}]',
      ',"note":{"properties":1,"properties":2}}]',
    );
    expect(items(body)?.[0]?.verbatim).toBe(true);
    expect(items('{"batch":[{"properties":{"a":1},"properties":{"b":2}}]}')?.[0]?.verbatim).toBe(
      false,
    );
    expect(items('{"batch":[{"context":{},"x":"context","context":{}}]}')?.[0]?.verbatim).toBe(
      false,
    );
    expect(items('{"batch":[{"propert\\u0069es":{"a":1}}]}')?.[0]?.verbatim).toBe(false);
    expect(items('{"batch":[{"properties":{"properties":1},"context":{}}]}')?.[0]?.verbatim).toBe(
      true,
    );
  });
});
