import { describe, expect, it } from 'vitest';
import { parsePathFile } from './parse-path-file.ts';

const records = (lines: string[], sep = ';') =>
  lines.map((l, i) => ({ line: i + 1, cells: l.split(sep) }));

describe('path files', () => {
  it('reads paths with their counts, splitting channels and trimming them', () => {
    expect(
      parsePathFile(
        records(['path;total_conversions;total_conversion_value;total_null', 'a > b ;1;2.5;3']),
      ),
    ).toEqual([{ channels: ['a', 'b'], conversions: 1, value: 2.5, nulls: 3 }]);
  });

  it('finds columns by name and lets value and null columns be absent', () => {
    expect(
      parsePathFile(records(['total_conversions;PATH', '4;x>y']), { pathSeparator: '>' }),
    ).toEqual([{ channels: ['x', 'y'], conversions: 4, value: 0, nulls: 0 }]);
  });

  it('names the line of a bad record', () => {
    const head = 'path;total_conversions;total_conversion_value;total_null';
    expect(() => parsePathFile(records([head, 'a;1;1;1', 'b;x;1;1']))).toThrow(
      /^line 3: total_conversions must be a number/,
    );
    expect(() => parsePathFile(records([head, 'a;1;1']))).toThrow(/^line 2: expected 4 cells/);
    expect(() => parsePathFile(records([head, 'a >  > b;1;1;1']))).toThrow(
      /line 2: .*empty channel/,
    );
    expect(() => parsePathFile(records([head, ';1;1;1']))).toThrow(/line 2: the path is empty/);
    expect(() => parsePathFile(records([head, 'a;-1;1;1']))).toThrow(/line 2/);
    expect(() => parsePathFile(records(['channels;conversions']))).toThrow(/line 1: the header/);
  });
});
