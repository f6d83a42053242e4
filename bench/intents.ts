/**
 * Contact-reason classifier on BANKING77 (77 intents, 10,003 customer messages): stratified
 * k-fold cross-validated accuracy and training time.
 *
 *   npm run bench:intents                  # 5-fold cross-validation, then one fit on all rows
 *   npm run bench:intents -- --folds 1     # only the first of the 5 folds
 *
 * Reads ../shared/data/banking77/train.csv (Casanueva et al. 2020, CC BY 4.0). Prints figures;
 * it is not a test (the test suite runs one fold). Target: mean accuracy ≥ 0.90; training on 10k
 * texts in seconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { crossValidateIntents, fitIntentModel } from '../src/core/intents/train-intents.ts';
import { CsvParser } from '../src/ingest/import/csv-parser.ts';
import { describeMachine } from './lib/machine.ts';
import { printTable } from './lib/table.ts';

const { values: args } = parseArgs({
  options: { k: { type: 'string', default: '5' }, folds: { type: 'string' } },
});
const k = Number(args.k);
const file = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../shared/data/banking77/train.csv',
);
const parser = new CsvParser();
const rows = [...parser.push(readFileSync(file, 'utf8')), ...parser.end()].slice(1);
const texts = rows.map((r) => r.cells[0]!);
const labels = rows.map((r) => r.cells[1]!);

console.log(`intents — ${describeMachine()}`);
console.log(
  `${texts.length} texts, ${new Set(labels).size} intents, ${k}-fold stratified (seed 1)`,
);
const cv = crossValidateIntents(texts, labels, {
  k,
  folds: args.folds === undefined ? k : Number(args.folds),
  seed: 1,
});
printTable(
  ['fold', 'accuracy', 'train s (featurize + fit)'],
  cv.accuracies.map((a, f) => [String(f + 1), a.toFixed(4), cv.trainSeconds[f]!.toFixed(1)]),
);
console.log(
  `mean accuracy ${cv.mean.toFixed(4)} (target ≥ 0.90): ${cv.mean >= 0.9 ? 'met' : 'NOT met'}`,
);
const started = performance.now();
fitIntentModel(texts, labels);
console.log(
  `training on all ${texts.length} texts: ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
