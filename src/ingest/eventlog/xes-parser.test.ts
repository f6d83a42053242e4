import { describe, expect, it } from 'vitest';
import { type TXesTrace, XesParser } from './xes-parser.ts';

const LOG = `<?xml version="1.0" encoding="UTF-8" ?>
<!-- a comment with <trace> inside -->
<log xes.version="1.0" xmlns="http://www.xes-standard.org/">
  <global scope="event"><string key="concept:name" value="UNKNOWN"/></global>
  <string key="concept:name" value="log name"/>
  <trace>
    <string key="concept:name" value="c&amp;1"/>
    <list key="tags"><string key="concept:name" value="nested, not the case"/></list>
    <event>
      <string key="concept:name" value='say "hi" &gt; bye'/>
      <date key="time:timestamp" value="2024-01-02T10:00:00.000+01:00"/>
      <string key="org:resource" value="a > b"></string>
    </event>
    <event><string key="concept:name" value="caf&#233;"/></event>
  </trace>
  <trace><string key="concept:name" value="c2"/></trace>
  <trace/>
</log>
`;

const parseInChunks = (text: string, size: number) => {
  const p = new XesParser();
  const out: TXesTrace[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...p.push(text.slice(i, i + size)));
  out.push(...p.end());
  return out;
};

describe('XES parser', () => {
  it('reads traces and events with their top-level attributes and lines', () => {
    const traces = parseInChunks(LOG, LOG.length);
    expect(traces).toEqual([
      {
        line: 6,
        attributes: { 'concept:name': 'c&1' },
        events: [
          {
            line: 9,
            attributes: {
              'concept:name': 'say "hi" > bye',
              'time:timestamp': '2024-01-02T10:00:00.000+01:00',
              'org:resource': 'a > b',
            },
          },
          { line: 14, attributes: { 'concept:name': 'café' } },
        ],
      },
      { line: 16, attributes: { 'concept:name': 'c2' }, events: [] },
      { line: 17, attributes: {}, events: [] },
    ]);
  });

  it('gives the same result whatever the chunk boundaries', () => {
    const whole = parseInChunks(LOG, LOG.length);
    for (const size of [1, 2, 3, 5, 7, 11, 64]) expect(parseInChunks(LOG, size)).toEqual(whole);
  });

  it('names the line of tags that do not nest', () => {
    expect(() => parseInChunks('<log>\n<trace>\n</event>\n</log>', 100)).toThrow(
      /line 3: <\/event> closes <trace>/,
    );
  });

  it('refuses a document that ends early or has no <log> root', () => {
    expect(() => parseInChunks('<log><trace>', 100)).toThrow(/still open/);
    expect(() => parseInChunks('<log><trace', 100)).toThrow(/ends inside a tag/);
    expect(() => parseInChunks('<html></html>', 100)).toThrow(/not <log>/);
    expect(() => parseInChunks('', 100)).toThrow(/no XML element/);
    expect(() => parseInChunks('<log><trace><string key=x/></trace></log>', 100)).toThrow(
      /not quoted/,
    );
  });
});
