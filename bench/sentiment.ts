/**
 * Sentiment throughput and agreement with human ratings on the VADER ground-truth sets.
 *
 *   npm run bench:sentiment                    # texts/s on the tweets (single thread) + correlations
 *   npm run bench:sentiment -- --seconds 5     # time each throughput run for longer
 *
 * Reads ../shared/data/vader/ (Hutto & Gilbert 2014). Prints figures; it is not a test. Targets:
 * ≥ 20,000 short texts per second on one core; Pearson r with the human mean rating ≥ 0.88 on the
 * tweets and ≥ 0.45 on the movie-review snippets (VADER's published 0.881 and 0.451).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pearsonCorrelation, readVaderGroundTruth } from '../src/core/sentiment/ground-truth.ts';
import { scoreSentiment } from '../src/core/sentiment/score-sentiment.ts';
import { describeMachine } from './lib/machine.ts';
import { fmtInt } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '2' } } });
const seconds = Math.max(0.2, Number(args.seconds));
const dataDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../shared/data/vader',
);

const load = (file: string) => readVaderGroundTruth(readFileSync(path.join(dataDir, file), 'utf8'));

const tweets = load('tweets_GroundTruth.txt');
const movies = load('movieReviewSnippets_GroundTruth.txt');

console.log(`sentiment — ${describeMachine()}`);

/** Scores the whole set repeatedly for about `seconds`, after a warm-up pass; texts per second. */
function measure(texts: readonly string[]): number {
  let sink = 0;
  for (const t of texts) sink += scoreSentiment(t).score;
  let done = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) {
    for (const t of texts) sink += scoreSentiment(t).score;
    done += texts.length;
  }
  const elapsed = (performance.now() - start) / 1000;
  if (Number.isNaN(sink)) throw new Error('a score was NaN');
  return done / elapsed;
}

const rows = [
  { name: 'tweets', set: tweets, target: 0.88 },
  { name: 'movie snippets', set: movies, target: 0.45 },
].map(({ name, set, target }) => {
  const r = pearsonCorrelation(
    set.map((x) => scoreSentiment(x.text).score),
    set.map((x) => x.rating),
  );
  const perSecond = measure(set.map((x) => x.text));
  return [
    name,
    fmtInt(set.length),
    r.toFixed(4),
    `≥ ${target}`,
    r >= target ? 'yes' : 'NO',
    fmtInt(perSecond),
  ];
});
printTable(['set', 'texts', 'pearson r', 'target', 'met', 'texts/s (1 thread)'], rows);
console.log('throughput target: ≥ 20,000 texts/s on the tweets');
