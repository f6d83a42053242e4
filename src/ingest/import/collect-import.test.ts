import { describe, expect, it } from 'vitest';
import { collectImport, ImportCollector } from './collect-import.ts';
import { CsvParser, parseCsv } from './csv-parser.ts';
import { parseMappingArgs, resolveCsvMapping } from './mapping.ts';
import { LineSplitter } from './ndjson.ts';
import { rowToPayload } from './row-to-payload.ts';

const RECEIVED = Date.UTC(2024, 5, 1);

function importCsv(text: string, args: string[] = [], options = {}) {
  const [head, ...rows] = parseCsv(text);
  const mapping = resolveCsvMapping(head.cells, parseMappingArgs(args));
  return collectImport({ format: 'csv', header: head.cells, mapping, rows }, RECEIVED, options);
}

function importNdjson(text: string, args: string[] = []) {
  const splitter = new LineSplitter();
  const lines = [...splitter.push(text), ...splitter.end()];
  return collectImport({ format: 'ndjson', mapping: parseMappingArgs(args), lines }, RECEIVED);
}

describe('collectImport from CSV', () => {
  it('normalizes every valid row', () => {
    const result = importCsv(
      'case_id,activity,time,revenue\n' +
        'c1,Quote Requested,2024-01-02 09:00,\n' +
        'c1,Order Completed,2024-01-03T10:00:00+01:00,120\n',
    );
    expect(result.errors).toEqual([]);
    expect(result.errorCount).toBe(0);
    expect(result.rows).toBe(2);
    expect(result.events.map((e) => [e.userId, e.event, e.timestamp, e.value])).toEqual([
      ['c1', 'Quote Requested', Date.UTC(2024, 0, 2, 9), null],
      ['c1', 'Order Completed', Date.UTC(2024, 0, 3, 9), 120],
    ]);
    expect(result.events[0].receivedAt).toBe(RECEIVED);
  });

  it('reports errors with the line, field and column, including after multi-line quoted fields', () => {
    const result = importCsv(
      'customer_id,event,when,note\n' +
        'c1,Chat,2024-01-02,"line one\nline two\nline three"\n' +
        'c2,Chat,yesterday,ok\n' +
        ',Chat,2024-01-02,"no id"\n' +
        'c3,,2024-01-02,\n',
      ['timestamp=when'],
    );
    expect(result.events).toHaveLength(1);
    expect(result.errors).toEqual([
      {
        line: 5,
        field: 'timestamp',
        column: 'when',
        message: 'timestamp must be an ISO-8601 date-time (got "yesterday")',
      },
      {
        line: 6,
        field: 'userId',
        column: 'customer_id',
        message: 'userId or anonymousId is required',
      },
      { line: 7, field: 'event', column: 'event', message: 'event is required' },
    ]);
    expect(result.errorCount).toBe(3);
  });

  it('keeps the free text of a multi-line field', () => {
    const result = importCsv(
      'user_id,event,time,text\nu,Chat,2024-01-02,"Hello,\r\nI need help"\n',
    );
    expect(result.events[0].text).toBe('Hello,\r\nI need help');
  });

  it('keeps only maxErrors errors but counts them all', () => {
    const rows = Array.from({ length: 30 }, (_, i) => `u${i},,2024-01-01`).join('\n');
    const result = importCsv(`user_id,event,time\n${rows}\n`, [], { maxErrors: 20 });
    expect(result.errors).toHaveLength(20);
    expect(result.errorCount).toBe(30);
    expect(result.errors[0].line).toBe(2);
    expect(result.errors[19].line).toBe(21);
  });

  it('drops repeated rows as duplicates so that a re-import counts nothing twice', () => {
    const result = importCsv(
      'user_id,event,time\nu,a,2024-01-01\nu,a,2024-01-01\nu,b,2024-01-01\n',
    );
    expect(result.events.map((e) => e.event)).toEqual(['a', 'b']);
    expect(result.duplicates).toBe(1);
    const again = importCsv('user_id,event,time\nu,a,2024-01-01\n');
    expect(again.events[0].messageId).toBe(result.events[0].messageId);
  });

  it('rejects a row whose event is over the size limit', () => {
    const result = importCsv(`user_id,event,time,blob\nu,a,2024-01-01,${'x'.repeat(40_000)}\n`);
    expect(result.errors).toEqual([
      expect.objectContaining({
        line: 2,
        field: 'payload',
        message: expect.stringMatching(/limit/),
      }),
    ]);
  });
});

describe('collectImport from NDJSON', () => {
  it('normalizes lines, skipping blank ones, and reports bad lines by number', () => {
    const result = importNdjson(
      '{"userId":"u","event":"a","timestamp":"2024-01-01T00:00:00Z"}\n' +
        '\n' +
        '{"userId":"u","event":"b","timestamp":"not a date"}\n' +
        '{broken\n' +
        '{"case":"c9","activity":"Call","timestamp":1704067200000}\n',
      ['userId=case', 'event=activity'],
    );
    expect(result.rows).toBe(4);
    expect(result.errors.map((e) => [e.line, e.field])).toEqual([
      [3, 'timestamp'],
      [4, 'line'],
    ]);
    // A mapping renames a field when the line has it; line 1 keeps its own userId.
    expect(result.events.map((e) => [e.userId, e.event])).toEqual([
      ['u', 'a'],
      ['c9', 'Call'],
    ]);
    expect(result.errorCount).toBe(2);
  });

  it('imports flat lines with a mapping', () => {
    const result = importNdjson(
      '{"case":"c9","activity":"Call","timestamp":1704067200000,"agent":"Bo"}\n',
      ['userId=case', 'event=activity'],
    );
    expect(result.errors).toEqual([]);
    expect(result.events[0]).toMatchObject({
      userId: 'c9',
      event: 'Call',
      timestamp: Date.UTC(2024, 0, 1),
      properties: { agent: 'Bo' },
    });
  });
});

describe('ImportCollector', () => {
  it('validates a stream chunk by chunk without keeping events', () => {
    const text = 'user_id,event,time\nu,a,2024-01-01\nu,"b\nc",2024-01-02\nu,,2024-01-03\n';
    const parser = new CsvParser();
    const collector = new ImportCollector({}, RECEIVED, { keepEvents: false });
    let header: string[] | undefined;
    let mapping: ReturnType<typeof resolveCsvMapping> | undefined;
    const seen: string[] = [];
    const feed = (rows: ReturnType<CsvParser['push']>) => {
      for (const row of rows) {
        if (header === undefined) {
          header = row.cells;
          mapping = resolveCsvMapping(header);
          continue;
        }
        const event = collector.add(rowToPayload(header, row, mapping!));
        if (event) seen.push(event.event);
      }
    };
    for (let i = 0; i < text.length; i += 7) feed(parser.push(text.slice(i, i + 7)));
    feed(parser.end());
    const result = collector.result();
    expect(seen).toEqual(['a', 'b\nc']);
    expect(result.events).toEqual([]);
    expect(result.errors).toEqual([expect.objectContaining({ line: 5, field: 'event' })]);
  });
});
