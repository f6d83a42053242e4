import { describe, expect, it } from 'vitest';
import { CsvParser, parseCsv, type Row } from './csv-parser.ts';

/** Feeds the text one character at a time: every chunk boundary a file could have. */
function parseByChar(text: string): Row[] {
  const parser = new CsvParser();
  const rows: Row[] = [];
  for (const c of text) rows.push(...parser.push(c));
  return [...rows, ...parser.end()];
}

describe('parseCsv', () => {
  it('splits plain records and numbers them by line', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1', '2', '3'] },
    ]);
  });

  it('reads the last record without a final line break', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', '2'] },
    ]);
  });

  it('accepts CRLF, LF and lone CR line ends', () => {
    expect(parseCsv('a\r\nb\nc\rd').map((r) => [r.line, r.cells[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, 'c'],
      [4, 'd'],
    ]);
  });

  it('keeps empty cells, including leading and trailing ones', () => {
    expect(parseCsv(',a,,\n')).toEqual([{ line: 1, cells: ['', 'a', '', ''] }]);
  });

  it('unquotes quoted fields and reads doubled quotes as one quote', () => {
    expect(parseCsv('"a,b","say ""hi""",""\n')).toEqual([
      { line: 1, cells: ['a,b', 'say "hi"', ''] },
    ]);
  });

  it('keeps line breaks inside quoted fields and numbers the next records by their real line', () => {
    const text = 'id,note\r\n1,"first\r\nsecond\nthird"\r\n2,plain\r\n3,"x\ny"\n4,z\n';
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['id', 'note'] },
      { line: 2, cells: ['1', 'first\r\nsecond\nthird'] },
      { line: 5, cells: ['2', 'plain'] },
      { line: 6, cells: ['3', 'x\ny'] },
      { line: 8, cells: ['4', 'z'] },
    ]);
  });

  it('skips empty lines but counts them', () => {
    expect(parseCsv('a\n\n\r\nb\n\n')).toEqual([
      { line: 1, cells: ['a'] },
      { line: 4, cells: ['b'] },
    ]);
  });

  it('keeps a record that is one quoted empty field', () => {
    expect(parseCsv('""\n')).toEqual([{ line: 1, cells: [''] }]);
  });

  it('strips a UTF-8 byte-order mark', () => {
    expect(parseCsv('\uFEFFevent,user\n')[0].cells).toEqual(['event', 'user']);
  });

  it('keeps a quote inside an unquoted field literally', () => {
    expect(parseCsv('5" screen,ok\n')).toEqual([{ line: 1, cells: ['5" screen', 'ok'] }]);
  });

  it('marks a record with text after a closing quote and keeps parsing', () => {
    const rows = parseCsv('"a"b,c\nd,e\n');
    expect(rows[0]).toMatchObject({
      line: 1,
      cells: ['ab', 'c'],
      error: expect.stringMatching(/closing quote/),
    });
    expect(rows[1]).toEqual({ line: 2, cells: ['d', 'e'] });
  });

  it('marks an unterminated quoted field with the line it opened on', () => {
    const rows = parseCsv('a,b\n1,"never closed\n2,3\n');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({
      line: 2,
      error: 'a quoted field opened on line 2 is never closed',
    });
  });

  it('supports another delimiter', () => {
    expect(parseCsv('a;"b;c";x,y\n', { delimiter: ';' })).toEqual([
      { line: 1, cells: ['a', 'b;c', 'x,y'] },
    ]);
    expect(parseCsv('a\tb\n', { delimiter: '\t' })[0].cells).toEqual(['a', 'b']);
  });

  it('refuses a delimiter that cannot work', () => {
    expect(() => new CsvParser({ delimiter: '"' })).toThrow(RangeError);
    expect(() => new CsvParser({ delimiter: ';;' })).toThrow(RangeError);
  });
});

describe('CsvParser fed in chunks', () => {
  const text =
    '\uFEFFid,note,n\r\n1,"multi\r\nline ""quoted""",x\r\n\r\n2,,"y"\r\n3,"a,b",\r\n4,"",z';

  it('gives the same records whatever the chunk boundaries', () => {
    const whole = parseCsv(text);
    expect(parseByChar(text)).toEqual(whole);
    for (let cut = 1; cut < text.length; cut++) {
      const parser = new CsvParser();
      const rows = [
        ...parser.push(text.slice(0, cut)),
        ...parser.push(text.slice(cut)),
        ...parser.end(),
      ];
      expect(rows, `cut at ${cut}`).toEqual(whole);
    }
    expect(whole.map((r) => r.line)).toEqual([1, 2, 5, 6, 7]);
  });

  it('does not count a CRLF split across two chunks as two line breaks', () => {
    const parser = new CsvParser();
    expect(parser.push('a\r')).toEqual([{ line: 1, cells: ['a'] }]);
    expect([...parser.push('\nb'), ...parser.end()]).toEqual([{ line: 2, cells: ['b'] }]);
  });

  it('returns records as soon as they are complete', () => {
    const parser = new CsvParser();
    expect(parser.push('a,b\n1,')).toEqual([{ line: 1, cells: ['a', 'b'] }]);
    expect(parser.push('2')).toEqual([]);
    expect(parser.end()).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect(parser.end()).toEqual([]);
  });

  it('refuses input after end', () => {
    const parser = new CsvParser();
    parser.end();
    expect(() => parser.push('a')).toThrow();
  });
});
