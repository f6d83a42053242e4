/** One CSV record with the 1-based line number on which it starts in the source. */
export interface Row {
  line: number;
  cells: string[];
  /** Set when the record is malformed (text after a closing quote, a quote never closed). */
  error?: string;
}

export interface CsvOptions {
  /** One character; `,` by default (`;` and tab are common in spreadsheet exports). */
  delimiter?: string;
}

type Mode = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterQuoted';

/**
 * An incremental RFC 4180 parser: feed it chunks of any size (a chunk may end anywhere, even
 * inside a quoted field or between CR and LF) and it returns the records completed so far, so a
 * large file never has to be held in memory. Decode bytes with a streaming TextDecoder before
 * pushing, so that a multi-byte character split across chunks stays whole.
 *
 * Accepts CRLF, LF and lone CR line ends, `""` inside quoted fields, line breaks inside quoted
 * fields (the record keeps the line it starts on), and a UTF-8 byte-order mark. Empty lines are
 * skipped. A quote inside an unquoted field is kept literally, as spreadsheets do.
 *
 * @example
 * const parser = new CsvParser();
 * parser.push('a,"b\nc"\r\nd,');   // [{ line: 1, cells: ['a', 'b\nc'] }]
 * parser.end();                    // [{ line: 3, cells: ['d', ''] }]
 */
export class CsvParser {
  private readonly delimiter: string;
  private mode: Mode = 'fieldStart';
  private field = '';
  private cells: string[] = [];
  private quoted = false;
  private error: string | undefined;
  /** Line of the character being read. */
  private line = 1;
  /** Line on which the current record started; 0 before its first character. */
  private rowLine = 0;
  private quoteLine = 0;
  private lastChar = '';
  private started = false;
  private ended = false;

  constructor(options: CsvOptions = {}) {
    const delimiter = options.delimiter ?? ',';
    if (delimiter.length !== 1 || delimiter === '"' || delimiter === '\r' || delimiter === '\n') {
      throw new RangeError('the CSV delimiter must be one character other than a quote or newline');
    }
    this.delimiter = delimiter;
  }

  /** Reads a chunk and returns the records it completed. */
  push(chunk: string): Row[] {
    if (this.ended) throw new Error('CsvParser.push called after end');
    const rows: Row[] = [];
    let start = 0;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) start = 1;
    }
    let i = start;
    while (i < chunk.length) {
      if (this.rowLine === 0) this.rowLine = this.line;
      // Runs of ordinary characters are copied with one slice rather than char by char.
      if (this.mode === 'quoted') {
        const quote = chunk.indexOf('"', i);
        const end = quote < 0 ? chunk.length : quote;
        if (end > i) this.appendQuoted(chunk.slice(i, end));
        if (quote < 0) break;
        this.mode = 'quoteInQuoted';
        this.lastChar = '"';
        i = quote + 1;
        continue;
      }
      if (this.mode === 'unquoted') {
        const end = this.endOfUnquoted(chunk, i);
        if (end > i) {
          this.field += chunk.slice(i, end);
          this.lastChar = chunk[end - 1];
          i = end;
          continue;
        }
      }
      const c = chunk[i];
      this.read(c, rows);
      if (c === '\r' || (c === '\n' && this.lastChar !== '\r')) this.line += 1;
      this.lastChar = c;
      i += 1;
    }
    return rows;
  }

  /** Flushes the last record (a file need not end with a line break). */
  end(): Row[] {
    if (this.ended) return [];
    this.ended = true;
    const rows: Row[] = [];
    if (this.mode === 'quoted') {
      this.error ??= `a quoted field opened on line ${this.quoteLine} is never closed`;
    }
    this.endRow(rows);
    return rows;
  }

  /** Index of the next delimiter or line break at or after `from`, else the chunk length. */
  private endOfUnquoted(chunk: string, from: number): number {
    const delimiter = this.delimiter.charCodeAt(0);
    let i = from;
    while (i < chunk.length) {
      const code = chunk.charCodeAt(i);
      if (code === delimiter || code === 13 || code === 10) return i;
      i += 1;
    }
    return i;
  }

  /** Adds text read inside quotes, counting the line breaks it holds (CRLF counts once). */
  private appendQuoted(text: string): void {
    this.field += text;
    let last = this.lastChar;
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c === '\r' || (c === '\n' && last !== '\r')) this.line += 1;
      last = c;
    }
    this.lastChar = last;
  }

  private read(c: string, rows: Row[]): void {
    switch (this.mode) {
      case 'quoted':
        if (c === '"') this.mode = 'quoteInQuoted';
        else this.field += c;
        return;
      case 'quoteInQuoted':
        if (c === '"') {
          this.field += '"';
          this.mode = 'quoted';
          return;
        }
        this.mode = 'afterQuoted';
        this.read(c, rows);
        return;
      case 'afterQuoted':
        if (c === this.delimiter || c === '\r' || c === '\n') {
          this.readSeparator(c, rows);
          return;
        }
        this.error ??= `unexpected text after a closing quote on line ${this.line}`;
        this.field += c;
        this.mode = 'unquoted';
        return;
      case 'fieldStart':
        if (c === '"') {
          this.quoted = true;
          this.quoteLine = this.line;
          this.mode = 'quoted';
          return;
        }
        if (c === '\n' && this.lastChar === '\r' && this.isEmptyRow()) return; // LF of a CRLF
        if (c === this.delimiter || c === '\r' || c === '\n') {
          this.readSeparator(c, rows);
          return;
        }
        this.field += c;
        this.mode = 'unquoted';
        return;
      case 'unquoted':
        if (c === this.delimiter || c === '\r' || c === '\n') this.readSeparator(c, rows);
        else this.field += c;
        return;
    }
  }

  private readSeparator(c: string, rows: Row[]): void {
    if (c === this.delimiter) this.endField();
    else this.endRow(rows);
  }

  private isEmptyRow(): boolean {
    return this.cells.length === 0 && this.field === '' && !this.quoted;
  }

  private endField(): void {
    this.cells.push(this.field);
    this.field = '';
    this.quoted = false;
    this.mode = 'fieldStart';
  }

  private endRow(rows: Row[]): void {
    if (!this.isEmptyRow() || this.error !== undefined) {
      this.endField();
      const row: Row = { line: this.rowLine, cells: this.cells };
      if (this.error !== undefined) row.error = this.error;
      rows.push(row);
    }
    this.cells = [];
    this.field = '';
    this.quoted = false;
    this.error = undefined;
    this.mode = 'fieldStart';
    this.rowLine = 0;
  }
}

/**
 * Parses a whole CSV text.
 *
 * @example parseCsv('a,b\n1,2\n') // [{ line: 1, cells: ['a', 'b'] }, { line: 2, cells: ['1', '2'] }]
 */
export function parseCsv(text: string, options?: CsvOptions): Row[] {
  const parser = new CsvParser(options);
  return [...parser.push(text), ...parser.end()];
}
