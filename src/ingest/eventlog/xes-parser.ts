/** One event of an XES trace: its top-level attributes by key, and the line its tag opens on. */
export interface TXesEvent {
  line: number;
  attributes: Record<string, string>;
}

/** One XES trace (a case): its own top-level attributes and its events in file order. */
export interface TXesTrace {
  line: number;
  attributes: Record<string, string>;
  events: TXesEvent[];
}

/** A malformed XES document; the message names the line. */
export class XesSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = 'XesSyntaxError';
  }
}

/** XES attribute elements that carry a `key` and a `value` (IEEE 1849 §5). */
const VALUE_ELEMENTS = new Set(['string', 'date', 'int', 'float', 'boolean', 'id']);

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string, line: number): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (_, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      if (code > 0x10ffff) throw new XesSyntaxError(line, `bad character reference &${name};`);
      return String.fromCodePoint(code);
    }
    const ch = ENTITIES[name];
    if (ch === undefined) throw new XesSyntaxError(line, `unknown entity &${name};`);
    return ch;
  });
}

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;

/**
 * A streaming XES reader: push text chunks of any size (a chunk may end inside a tag) and get the
 * traces completed so far, so that a large log never has to be held in memory whole. It is a
 * small XML tokenizer, not a general XML parser: it reads start, end and empty-element tags with
 * quoted attributes (a `>` inside quotes included), skips comments, processing instructions,
 * CDATA, a DOCTYPE and text, decodes the predefined and numeric entities, and checks that tags
 * nest. Of the XES semantics it keeps what process discovery needs: each trace's and each
 * event's top-level attributes (`string`, `date`, `int`, `float`, `boolean`, `id`) as text by key;
 * nested attributes (inside another attribute, `list` or `container`) and log-level attributes
 * are skipped.
 *
 * @example
 * const p = new XesParser();
 * p.push('<log><trace><string key="concept:name" value="c1"/><event><string key="concept:name"');
 * p.push(' value="a"/></event></trace></log>');
 * // [{ line: 1, attributes: { 'concept:name': 'c1' }, events: [{ line: 1, attributes: { 'concept:name': 'a' } }] }]
 */
export class XesParser {
  private buffer = '';
  /** Line number at the start of `buffer`. */
  private line = 1;
  private readonly stack: string[] = [];
  private trace: TXesTrace | undefined;
  /** Stack depth at which the open trace's children sit. */
  private traceDepth = -1;
  private event: TXesEvent | undefined;
  private eventDepth = -1;
  private sawRoot = false;

  push(chunk: string): TXesTrace[] {
    const done: TXesTrace[] = [];
    this.buffer = this.buffer.length === 0 ? chunk : this.buffer + chunk;
    this.scan(done);
    return done;
  }

  /** Ends the document; throws when it stops inside a tag or with elements left open. */
  end(): TXesTrace[] {
    const done: TXesTrace[] = [];
    this.scan(done);
    if (this.buffer.includes('<'))
      throw new XesSyntaxError(this.line, 'the file ends inside a tag');
    if (this.stack.length > 0) {
      throw new XesSyntaxError(
        this.line,
        `the file ends with <${this.stack[this.stack.length - 1]}> still open`,
      );
    }
    if (!this.sawRoot) throw new XesSyntaxError(this.line, 'no XML element found');
    return done;
  }

  /** Consumes every complete construct in the buffer, keeping an incomplete tail. */
  private scan(done: TXesTrace[]): void {
    const buf = this.buffer;
    let pos = 0;
    let line = this.line;
    // Counts the line breaks in buf[from, to) onto `line`.
    const advance = (from: number, to: number) => {
      let i = buf.indexOf('\n', from);
      while (i !== -1 && i < to) {
        line++;
        i = buf.indexOf('\n', i + 1);
      }
    };
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt === -1) {
        advance(pos, buf.length);
        pos = buf.length;
        break;
      }
      advance(pos, lt);
      const end = this.readConstruct(buf, lt, line, done);
      if (end === -1) {
        pos = lt;
        break;
      }
      advance(lt, end);
      pos = end;
    }
    this.buffer = pos === buf.length ? '' : buf.slice(pos);
    this.line = line;
  }

  /**
   * Reads the construct starting with the `<` at `lt`; returns the index just after it, or -1
   * when the buffer ends first.
   */
  private readConstruct(buf: string, lt: number, line: number, done: TXesTrace[]): number {
    const next = buf.charCodeAt(lt + 1);
    if (Number.isNaN(next)) return -1;
    if (next === 33 /* ! */) {
      if (buf.startsWith('<!--', lt)) return closeAt(buf, lt + 4, '-->');
      if (buf.startsWith('<![CDATA[', lt)) return closeAt(buf, lt + 9, ']]>');
      if (lt + 9 > buf.length) return -1;
      // A DOCTYPE, possibly with an internal subset in brackets.
      const bracket = buf.indexOf('[', lt);
      const gt = buf.indexOf('>', lt);
      if (gt === -1) return -1;
      if (bracket !== -1 && bracket < gt) return closeAt(buf, bracket, ']>');
      return gt + 1;
    }
    if (next === 63 /* ? */) return closeAt(buf, lt + 2, '?>');
    if (next === 47 /* / */) {
      const gt = buf.indexOf('>', lt);
      if (gt === -1) return -1;
      this.closeElement(buf.slice(lt + 2, gt).trim(), line, done);
      return gt + 1;
    }
    return this.readStartTag(buf, lt, line, done);
  }

  private readStartTag(buf: string, lt: number, line: number, done: TXesTrace[]): number {
    let i = lt + 1;
    const n = buf.length;
    while (i < n) {
      const c = buf.charCodeAt(i);
      if (isSpace(c) || c === 47 || c === 62) break;
      i++;
    }
    if (i >= n) return -1;
    const name = buf.slice(lt + 1, i);
    if (name === '') throw new XesSyntaxError(line, 'a tag without a name');
    // Only attribute elements directly inside the open trace or event need their attributes.
    const depth = this.stack.length;
    const wanted =
      VALUE_ELEMENTS.has(name) &&
      ((this.event !== undefined && depth === this.eventDepth) ||
        (this.event === undefined && this.trace !== undefined && depth === this.traceDepth));
    let key: string | undefined;
    let value: string | undefined;
    for (;;) {
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      const c = buf.charCodeAt(i);
      if (c === 62 /* > */ || c === 47 /* / */) {
        let selfClosing = false;
        if (c === 47) {
          if (i + 1 >= n) return -1;
          if (buf.charCodeAt(i + 1) !== 62)
            throw new XesSyntaxError(line, `a stray / in <${name}>`);
          selfClosing = true;
          i++;
        }
        this.openElement(name, line, selfClosing, wanted ? key : undefined, value, done);
        return i + 1;
      }
      const attrStart = i;
      while (i < n) {
        const d = buf.charCodeAt(i);
        if (d === 61 /* = */ || isSpace(d) || d === 62 || d === 47) break;
        i++;
      }
      if (i >= n) return -1;
      const attr = buf.slice(attrStart, i);
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      if (buf.charCodeAt(i) !== 61) {
        throw new XesSyntaxError(line, `attribute ${attr} of <${name}> has no value`);
      }
      i++;
      while (i < n && isSpace(buf.charCodeAt(i))) i++;
      if (i >= n) return -1;
      const quote = buf[i];
      if (quote !== '"' && quote !== "'") {
        throw new XesSyntaxError(line, `attribute ${attr} of <${name}> is not quoted`);
      }
      const close = buf.indexOf(quote, i + 1);
      if (close === -1) return -1;
      if (wanted) {
        if (attr === 'key') key = decodeEntities(buf.slice(i + 1, close), line);
        else if (attr === 'value') value = decodeEntities(buf.slice(i + 1, close), line);
      }
      i = close + 1;
    }
  }

  private openElement(
    name: string,
    line: number,
    selfClosing: boolean,
    key: string | undefined,
    value: string | undefined,
    done: TXesTrace[],
  ): void {
    const depth = this.stack.length;
    if (depth === 0) {
      if (this.sawRoot) throw new XesSyntaxError(line, `a second root element <${name}>`);
      this.sawRoot = true;
      if (name !== 'log')
        throw new XesSyntaxError(line, `the root element is <${name}>, not <log>`);
    }
    if (key !== undefined && value !== undefined) {
      const target = this.event ?? this.trace;
      if (target !== undefined) target.attributes[key] = value;
    }
    if (name === 'trace' && this.trace === undefined && depth === 1) {
      this.trace = { line, attributes: {}, events: [] };
      this.traceDepth = depth + 1;
      if (selfClosing) this.closeTrace(done);
    } else if (name === 'event' && this.trace !== undefined && this.event === undefined) {
      if (depth === this.traceDepth) {
        this.event = { line, attributes: {} };
        this.eventDepth = depth + 1;
        if (selfClosing) this.closeEvent();
      }
    }
    if (!selfClosing) this.stack.push(name);
  }

  private closeElement(name: string, line: number, done: TXesTrace[]): void {
    const open = this.stack.pop();
    if (open === undefined) throw new XesSyntaxError(line, `</${name}> closes nothing`);
    if (open !== name) throw new XesSyntaxError(line, `</${name}> closes <${open}>`);
    const depth = this.stack.length + 1;
    if (this.event !== undefined && depth === this.eventDepth) this.closeEvent();
    else if (this.trace !== undefined && depth === this.traceDepth) this.closeTrace(done);
  }

  private closeEvent(): void {
    this.trace!.events.push(this.event!);
    this.event = undefined;
    this.eventDepth = -1;
  }

  private closeTrace(done: TXesTrace[]): void {
    done.push(this.trace!);
    this.trace = undefined;
    this.traceDepth = -1;
  }
}

/** Index just after the first `terminator` at or after `from`, or -1 when not yet in `buf`. */
function closeAt(buf: string, from: number, terminator: string): number {
  const i = buf.indexOf(terminator, from);
  return i === -1 ? -1 : i + terminator.length;
}
