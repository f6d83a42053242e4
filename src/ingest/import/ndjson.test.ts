import { describe, expect, it } from 'vitest';
import { LineSplitter, ndjsonLineToPayload } from './ndjson.ts';

function payloadOf(text: string, mapping = {}) {
  const result = ndjsonLineToPayload(text, 1, mapping);
  if (result === null || !result.ok) throw new Error(JSON.stringify(result));
  return result.payload;
}

describe('LineSplitter', () => {
  it('numbers LF and CRLF lines across chunk boundaries', () => {
    const splitter = new LineSplitter();
    const lines = [
      ...splitter.push('{"a":1}\r'),
      ...splitter.push('\n\n{"b"'),
      ...splitter.push(':2}\n{"c":3}'),
      ...splitter.end(),
    ];
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: '' },
      { line: 3, text: '{"b":2}' },
      { line: 4, text: '{"c":3}' },
    ]);
  });

  it('gives nothing more at the end of a file ending in a line break', () => {
    const splitter = new LineSplitter();
    splitter.push('x\n');
    expect(splitter.end()).toEqual([]);
  });
});

describe('ndjsonLineToPayload', () => {
  it('skips blank lines', () => {
    expect(ndjsonLineToPayload('   ', 3)).toBeNull();
  });

  it('keeps a Segment message as it is', () => {
    const message = {
      type: 'page',
      name: 'Pricing',
      anonymousId: 'a1',
      messageId: 'm1',
      timestamp: '2024-01-01T00:00:00Z',
      properties: { path: '/pricing' },
      context: { ip: '1.2.3.4' },
    };
    expect(payloadOf(JSON.stringify(message))).toEqual(message);
  });

  it('moves unknown top-level fields of a flat line into properties', () => {
    expect(
      payloadOf('{"userId":"u","event":"Call","timestamp":"2024-01-01","plan":"pro","name":"Ada"}'),
    ).toEqual({
      type: 'track',
      userId: 'u',
      event: 'Call',
      timestamp: '2024-01-01',
      properties: { plan: 'pro', name: 'Ada' },
      messageId: expect.stringMatching(/^import-/),
    });
  });

  it('renames fields with the mapping', () => {
    const payload = payloadOf(
      '{"case":"c1","activity":"Call","at":1704067200,"tier":"gold","mail":"a@x.io"}',
      {
        userId: 'case',
        event: 'activity',
        timestamp: 'at',
        properties: { plan: 'tier' },
        traits: { email: 'mail' },
      },
    );
    expect(payload).toEqual({
      type: 'track',
      userId: 'c1',
      event: 'Call',
      timestamp: '2024-01-01T00:00:00.000Z',
      properties: { plan: 'gold' },
      traits: { email: 'a@x.io' },
      messageId: expect.any(String),
    });
  });

  it('reads the call type from a mapped field', () => {
    expect(payloadOf('{"kind":"Identify","userId":"u"}', { type: 'kind' }).type).toBe('identify');
  });

  it('reports invalid JSON, non-objects and unknown types with the line number', () => {
    expect(ndjsonLineToPayload('{"a":', 7)).toMatchObject({
      ok: false,
      error: { line: 7, field: 'line', message: expect.stringMatching(/not valid JSON/) },
    });
    expect(ndjsonLineToPayload('[1,2]', 8)).toMatchObject({
      ok: false,
      error: { line: 8, field: 'line' },
    });
    expect(ndjsonLineToPayload('{"type":"buy","userId":"u"}', 9)).toMatchObject({
      ok: false,
      error: { line: 9, field: 'type', column: 'type' },
    });
  });

  it('reports a field that is both top-level and a property', () => {
    expect(
      ndjsonLineToPayload('{"userId":"u","event":"x","plan":"a","properties":{"plan":"b"}}', 2),
    ).toMatchObject({ ok: false, error: { line: 2, field: 'plan' } });
  });

  it('keeps a null messageId from blocking the derived one', () => {
    expect(payloadOf('{"userId":"u","event":"x","messageId":null}').messageId).toMatch(/^import-/);
  });

  it('moves a top-level __proto__ key into properties as a plain key', () => {
    const payload = payloadOf(
      '{"userId":"u","event":"x","__proto__":{"x":1},"properties":{"a":2}}',
    );
    const properties = payload.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(['a', '__proto__']);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(payload)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
