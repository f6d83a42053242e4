import { describe, expect, it } from 'vitest';
import { normalizeEvent } from '../segment/normalize-event.ts';
import { parseCsv } from './csv-parser.ts';
import { parseMappingArgs, resolveCsvMapping } from './mapping.ts';
import { rowToPayload } from './row-to-payload.ts';

function convert(csv: string, args: string[] = []) {
  const [head, ...rows] = parseCsv(csv);
  const mapping = resolveCsvMapping(head.cells, parseMappingArgs(args));
  return rows.map((row) => rowToPayload(head.cells, row, mapping));
}

function payloadOf(csv: string, args: string[] = []) {
  const [result] = convert(csv, args);
  if (!result.ok) throw new Error(JSON.stringify(result.error));
  return result.payload;
}

describe('rowToPayload', () => {
  it('builds a track payload, other columns becoming string properties', () => {
    const payload = payloadOf(
      'case_id,activity,time,amount,zip\nc1,Call,2024-01-02T10:00:00Z,12.5,00501\n',
    );
    expect(payload).toEqual({
      type: 'track',
      userId: 'c1',
      event: 'Call',
      timestamp: '2024-01-02T10:00:00Z',
      properties: { amount: '12.5', zip: '00501' },
      messageId: expect.stringMatching(/^import-[0-9a-f]{40}$/),
    });
  });

  it('treats empty cells as absent', () => {
    const payload = payloadOf('user_id,anonymous_id,event,time,plan\n,a1,Visit,2024-01-02,\n');
    expect(payload).not.toHaveProperty('userId');
    expect(payload).not.toHaveProperty('properties');
    expect(payload.anonymousId).toBe('a1');
  });

  it('trims ids and names but keeps free text as written', () => {
    const payload = payloadOf('user_id,event,time,note\n u1 , Call ,2024-01-02,"  hello  "\n', [
      'text=note',
    ]);
    expect(payload).toMatchObject({
      userId: 'u1',
      event: 'Call',
      properties: { text: '  hello  ' },
    });
  });

  it('puts mapped fields where normalizeEvent lifts them', () => {
    const payload = payloadOf(
      'user_id,event,time,page,src,med,camp,via,body,amount\n' +
        'u1,Viewed,2024-01-02,/pricing,news,email,spring,chat,hi,9.5\n',
      [
        'path=page',
        'utmSource=src',
        'utmMedium=med',
        'utmCampaign=camp',
        'channel=via',
        'text=body',
        'value=amount',
      ],
    );
    const result = normalizeEvent('track', payload, 0);
    expect(result.ok && result.event).toMatchObject({
      path: '/pricing',
      utmSource: 'news',
      utmMedium: 'email',
      utmCampaign: 'spring',
      channel: 'chat',
      text: 'hi',
      value: 9.5,
    });
  });

  it('reads the call type from a mapped column, empty meaning track', () => {
    const results = convert(
      'kind,user_id,event,time\nPage,u1,Home,2024-01-02\n,u1,Clicked,2024-01-02\nidentify,u1,,2024-01-02\n',
      ['type=kind'],
    );
    expect(results.map((r) => r.ok && [r.payload.type, r.payload.name ?? r.payload.event])).toEqual(
      [
        ['page', 'Home'],
        ['track', 'Clicked'],
        ['identify', undefined],
      ],
    );
  });

  it('rejects an unknown call type naming its column', () => {
    const [result] = convert('kind,user_id,event,time\npurchase,u1,x,2024-01-02\n', ['type=kind']);
    expect(result).toEqual({
      ok: false,
      line: 2,
      error: { line: 2, field: 'type', column: 'kind', message: 'not a call type: "purchase"' },
    });
  });

  it('converts epoch seconds and milliseconds to ISO timestamps', () => {
    const results = convert(
      'user_id,event,time\nu,a,1704067200\nu,b,1704067200123\nu,c,1704067200.5\n',
    );
    expect(results.map((r) => r.ok && r.payload.timestamp)).toEqual([
      '2024-01-01T00:00:00.000Z',
      '2024-01-01T00:00:00.123Z',
      '2024-01-01T00:00:00.500Z',
    ]);
  });

  it('rejects a record whose cell count differs from the header', () => {
    const results = convert('user_id,event,time\nu,a\nu,b,2024-01-01,extra\n');
    expect(results.map((r) => !r.ok && [r.error.line, r.error.field])).toEqual([
      [2, 'row'],
      [3, 'row'],
    ]);
  });

  it('passes on a parse error of the record', () => {
    const [result] = convert('user_id,event,time\nu,"a"b,2024-01-01\n');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.message).toMatch(/closing quote/);
  });

  it('derives the same messageId from the same content, and another from other content', () => {
    const [a, b, c] = convert(
      'user_id,event,time\nu,a,2024-01-01\nu,a,2024-01-01\nu,a,2024-01-02\n',
    );
    const id = (r: typeof a) => (r.ok ? r.payload.messageId : null);
    expect(id(a)).toBe(id(b));
    expect(id(a)).not.toBe(id(c));
  });

  it('uses a messageId column when there is one', () => {
    expect(payloadOf('message_id,user_id,event,time\nm-7,u,a,2024-01-01\n').messageId).toBe('m-7');
  });

  it('keeps a column named __proto__ as a plain property', () => {
    const payload = payloadOf('user_id,event,time,__proto__\nu,a,2024-01-01,{"x":1}\n');
    const properties = payload.properties as Record<string, unknown>;
    expect(Object.keys(properties)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(properties)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});
