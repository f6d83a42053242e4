import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingDataReason, sharedDataFile } from '../../../test/helpers/shared-data.ts';
import { CsvParser } from '../../ingest/import/csv-parser.ts';
import { discoverThemes } from './discover-themes.ts';

const COMPLAINTS = 'bpic2016-complaints/BPI2016_Complaints.csv';
const BANKING = 'banking77/train.csv';

function readColumn(file: string, column: string, delimiter: string, encoding: BufferEncoding) {
  const parser = new CsvParser({ delimiter });
  const rows = [...parser.push(readFileSync(file, encoding)), ...parser.end()];
  const at = rows[0]!.cells.indexOf(column);
  return rows.slice(1).map((r) => r.cells[at]!);
}

describe('theme discovery', () => {
  it('groups real complaints into named themes whose volumes add up to the input', (ctx) => {
    const file = sharedDataFile(COMPLAINTS);
    if (!file) return ctx.skip(missingDataReason(COMPLAINTS));
    const texts = readColumn(file, 'ComplaintTopic_EN', ';', 'latin1');
    expect(texts).toHaveLength(289);
    const d = discoverThemes(texts, { seed: 1 });
    expect(d.chosenBy).toBe('silhouette');
    expect(d.themes.length).toBeGreaterThanOrEqual(2);
    expect(d.themes.reduce((s, t) => s + t.volume, 0)).toBe(texts.length);
    for (const t of d.themes) {
      expect(t.volume).toBeGreaterThan(0);
      expect(t.name.length).toBeGreaterThan(0);
      expect(t.examples.length).toBeGreaterThan(0);
    }
    // The largest complaint topics come out as their own themes.
    const names = d.themes.map((t) => t.name).join(' | ');
    expect(names).toMatch(/payment/);
    expect(names).toMatch(/information|inconsistent/);
    expect(discoverThemes(texts, { seed: 1 })).toEqual(d);
  });

  it('finds the topics of unlabelled BANKING77 messages, as many as asked for', (ctx) => {
    const file = sharedDataFile(BANKING);
    if (!file) return ctx.skip(missingDataReason(BANKING));
    const texts = readColumn(file, 'text', ',', 'utf8');
    const d = discoverThemes(texts, { themes: 12, seed: 2 });
    expect(d.k).toBe(12);
    const named = d.themes.filter((t) => t.terms.length > 0);
    expect(named).toHaveLength(12);
    expect(d.themes.reduce((s, t) => s + t.volume, 0)).toBe(texts.length);
    const terms = named.flatMap((t) => t.terms);
    for (const topic of ['card', 'exchange', 'transfer', 'cash']) {
      expect(terms.some((t) => t.includes(topic))).toBe(true);
    }
  });

  it('puts texts without any shared content word in a theme of their own', () => {
    const texts = ['refund please', 'refund my order', 'the card is late', 'card late again', '?!'];
    const d = discoverThemes(texts, { themes: 2 });
    expect(d.themes.reduce((s, t) => s + t.volume, 0)).toBe(5);
    expect(d.themes.find((t) => t.name === '(no common terms)')?.volume).toBe(1);
    expect(() => discoverThemes([])).toThrow(/no texts/);
  });
});
