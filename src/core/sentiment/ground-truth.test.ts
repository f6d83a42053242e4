import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingDataReason, sharedDataFile } from '../../../test/helpers/shared-data.ts';
import { pearsonCorrelation, readVaderGroundTruth } from './ground-truth.ts';
import { scoreSentiment } from './score-sentiment.ts';

/**
 * Agreement with people: Pearson's r between the score and the mean rating of 20 raters on
 * Hutto & Gilbert's sets. VADER's published figures are 0.881 (tweets) and 0.451 (movie-review
 * snippets); the scorer must match or beat them. Nothing was trained on these files.
 */
const SETS = [
  { file: 'vader/tweets_GroundTruth.txt', texts: 4200, target: 0.88 },
  { file: 'vader/movieReviewSnippets_GroundTruth.txt', texts: 10605, target: 0.45 },
];

describe('sentiment against human ratings', () => {
  for (const { file, texts, target } of SETS) {
    it(`correlates with the human ratings of ${file} at r ≥ ${target}`, (ctx) => {
      const path = sharedDataFile(file);
      if (!path) return ctx.skip(missingDataReason(file));
      const rows = readVaderGroundTruth(readFileSync(path, 'utf8'));
      expect(rows.length).toBe(texts);
      const r = pearsonCorrelation(
        rows.map((x) => scoreSentiment(x.text).score),
        rows.map((x) => x.rating),
      );
      console.log(
        `${file}: Pearson r = ${r.toFixed(4)} over ${rows.length} texts (target ${target})`,
      );
      expect(r).toBeGreaterThanOrEqual(target);
    });
  }

  it('parses the ground-truth format and computes r', () => {
    expect(readVaderGroundTruth('1\t2.7\tSo lucky.\r\n2\t-1\ta\tb\n')).toEqual([
      { rating: 2.7, text: 'So lucky.' },
      { rating: -1, text: 'a\tb' },
    ]);
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 12);
  });
});
