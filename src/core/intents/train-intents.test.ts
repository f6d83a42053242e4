import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { missingDataReason, sharedDataFile } from '../../../test/helpers/shared-data.ts';
import { CsvParser } from '../../ingest/import/csv-parser.ts';
import { parseIntentModel, serializeIntentModel } from './model-file.ts';
import {
  assignFolds,
  classifyIntent,
  crossValidateIntents,
  fitTemperature,
  splitStratified,
  trainIntents,
} from './train-intents.ts';

const BANKING = 'banking77/train.csv';

/** A small labelled set: three reasons, phrased in several ways, with typos. */
const EXAMPLES: Array<[string, string]> = [
  ['my card has not arrived yet', 'card_arrival'],
  ['where is my new card', 'card_arrival'],
  ['still waiting for the card you sent', 'card_arrival'],
  ['card hasnt come in the post', 'card_arrival'],
  ['when will my card be delivered', 'card_arrival'],
  ['how long does card delivery take', 'card_arrival'],
  ['i want my money back', 'refund'],
  ['how do I get a refund', 'refund'],
  ['refund the item I returned', 'refund'],
  ['can you refund my order please', 'refund'],
  ['the shop has not refunded me', 'refund'],
  ['requesting a refund for a purchase', 'refund'],
  ['I forgot my pin', 'pin'],
  ['how do i change my PIN', 'pin'],
  ['my pin is blocked', 'pin'],
  ['reset the pin code', 'pin'],
  ['where can I see my pin number', 'pin'],
  ['pin not working at the atm', 'pin'],
];
const texts = EXAMPLES.map(([t]) => t);
const labels = EXAMPLES.map(([, l]) => l);

function readBanking(file: string) {
  const parser = new CsvParser();
  const rows = [...parser.push(readFileSync(file, 'utf8')), ...parser.end()].slice(1);
  return { texts: rows.map((r) => r.cells[0]!), labels: rows.map((r) => r.cells[1]!) };
}

describe('contact-reason classifier', () => {
  it('reaches 90 % accuracy on a held-out fold of BANKING77 (77 intents) in seconds', (ctx) => {
    const file = sharedDataFile(BANKING);
    if (!file) return ctx.skip(missingDataReason(BANKING));
    const data = readBanking(file);
    expect(data.texts.length).toBe(10003);
    // The first fold of the stratified 5-fold split (2,001 texts held out, 8,002 trained on);
    // bench/intents.ts runs all five.
    const cv = crossValidateIntents(data.texts, data.labels, { k: 5, folds: 1, seed: 1 });
    console.log(
      `BANKING77 fold 1 of 5: accuracy ${cv.accuracies[0]!.toFixed(4)}, trained in ${cv.trainSeconds[0]!.toFixed(1)} s`,
    );
    expect(cv.accuracies[0]).toBeGreaterThanOrEqual(0.9);
    expect(cv.trainSeconds[0]).toBeLessThan(60);
  });

  it('classifies paraphrases and typos of the reasons it was trained on', () => {
    const report = trainIntents(texts, labels, { holdout: 0.2, seed: 3 });
    expect(report.rows).toBe(18);
    expect(report.classes).toBe(3);
    expect(report.holdout.rows).toBe(3);
    const model = report.model;
    expect(classifyIntent(model, 'my card still has not arrived').label).toBe('card_arrival');
    expect(classifyIntent(model, 'I would like a refnd').label).toBe('refund');
    expect(classifyIntent(model, 'changing my PIN').label).toBe('pin');
    const c = classifyIntent(model, 'refund please').confidence;
    expect(c).toBeGreaterThan(1 / 3);
    expect(c).toBeLessThanOrEqual(1);
  });

  it('is deterministic for a seed, and its model file gives the same answers', () => {
    const a = trainIntents(texts, labels, { seed: 5 });
    const b = trainIntents(texts, labels, { seed: 5 });
    const fileA = serializeIntentModel(a.model);
    expect(JSON.stringify(serializeIntentModel(b.model))).toBe(JSON.stringify(fileA));
    const restored = parseIntentModel(JSON.parse(JSON.stringify(fileA)));
    for (const t of [...texts, 'new card please', 'pin?']) {
      const x = classifyIntent(a.model, t);
      const y = classifyIntent(restored, t);
      expect(y.label).toBe(x.label);
      expect(y.confidence).toBeCloseTo(x.confidence, 3);
    }
    expect(() => parseIntentModel({ format: 'something else' })).toThrow(/intent model/);
  });

  it('holds back the same share of every label, keeping one of each to train on', () => {
    const many = [...Array(10).fill('a'), ...Array(5).fill('b'), 'c'];
    const { train, test } = splitStratified(many, 0.2, 1);
    expect(test.filter((i) => many[i] === 'a')).toHaveLength(2);
    expect(test.filter((i) => many[i] === 'b')).toHaveLength(1);
    expect(test.filter((i) => many[i] === 'c')).toHaveLength(0);
    expect([...train, ...test].sort((x, y) => x - y)).toEqual(many.map((_, i) => i));
    expect(splitStratified(many, 0.2, 1)).toEqual({ train, test });
    const folds = assignFolds(many, 5, 1);
    const sizes = [0, 0, 0, 0, 0];
    for (const f of folds) sizes[f]!++;
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
  });

  it('fits a temperature that makes confident scores more or less confident as the data says', () => {
    // Scores that are always right call for a high temperature; scores that are often wrong, low.
    const right = Array.from({ length: 20 }, () => Float64Array.from([1, -1]));
    const mixed = Array.from({ length: 20 }, () => Float64Array.from([1, -1]));
    const sure = fitTemperature(right, new Int32Array(20));
    const unsure = fitTemperature(
      mixed,
      Int32Array.from({ length: 20 }, (_, i) => i % 2),
    );
    expect(sure).toBeGreaterThan(10);
    expect(unsure).toBeLessThan(0.05);
  });

  it('refuses rows it cannot learn from', () => {
    expect(() => trainIntents(['a', 'b'], ['x', 'x'])).toThrow(/two different labels/);
    expect(() => trainIntents(['a', 'b'], ['x'])).toThrow(/differ/);
    expect(() => trainIntents(texts, labels, { holdout: 1 })).toThrow(/holdout/);
  });
});
