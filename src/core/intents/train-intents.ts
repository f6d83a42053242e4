import { invalid } from '../errors.ts';
import {
  DEFAULT_FEATURE_OPTIONS,
  fitVectorizer,
  type TFeatureOptions,
  type TSparseVector,
  type TVectorizer,
  transform,
} from './featurize.ts';
import { createRandom, shuffleInPlace } from './random.ts';
import {
  DEFAULT_LINEAR_OPTIONS,
  decide,
  type TLinearModel,
  type TLinearOptions,
  trainLinearSvm,
} from './train-linear.ts';

/**
 * Contact reasons: a classifier of customer messages into labelled reasons (intents), trained on
 * examples. TF-IDF over words, word pairs and character n-grams (see featurize.ts), one linear SVM
 * per reason (see train-linear.ts), and a confidence from a softmax over the SVM scores whose
 * temperature is fitted on held-out examples (temperature scaling: Guo, Pleiss, Sun & Weinberger,
 * "On Calibration of Modern Neural Networks", ICML 2017), so that "confidence 0.8" means right
 * about 80 % of the time on data like the training data.
 */

export interface TIntentModel {
  classes: string[];
  vectorizer: TVectorizer;
  linear: TLinearModel;
  /** Multiplies the SVM scores before the softmax that gives the confidence. */
  temperature: number;
}

export interface TIntentPrediction {
  label: string;
  /** The calibrated probability of that label, 0..1. */
  confidence: number;
}

export interface TTrainIntentOptions {
  features?: TFeatureOptions;
  linear?: TLinearOptions;
  /** Share of each reason's examples held back to measure accuracy (0 < holdout < 1). */
  holdout?: number;
  seed?: number;
}

export interface TTrainIntentReport {
  model: TIntentModel;
  rows: number;
  classes: number;
  holdout: {
    rows: number;
    /** Share of held-back examples given their true reason by a model trained without them. */
    accuracy: number;
    /** Seconds to train that model (featurizing included). */
    trainSeconds: number;
  };
  /** Seconds to train the final model on all rows. */
  trainSeconds: number;
}

/**
 * Splits row indices into training and held-out parts with the same mix of labels (stratified):
 * from each label, round(fraction × count) seeded-random rows, but always leaving one for
 * training, so a rare label is learned rather than only tested.
 *
 * @example splitStratified(['a', 'a', 'b', 'b'], 0.5, 1) // { train: [..2 rows], test: [..2 rows] }
 */
export function splitStratified(
  labels: readonly string[],
  fraction: number,
  seed: number,
): { train: number[]; test: number[] } {
  const byLabel = groupByLabel(labels);
  const random = createRandom(seed);
  const test: number[] = [];
  const train: number[] = [];
  for (const rows of byLabel.values()) {
    shuffleInPlace(rows, random);
    const held = Math.min(rows.length - 1, Math.round(fraction * rows.length));
    test.push(...rows.slice(0, held));
    train.push(...rows.slice(held));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/**
 * Assigns each row to one of k folds, every label spread evenly over the folds (seeded).
 *
 * @example assignFolds(labels, 5, 1) // Int32Array of fold numbers 0..4
 */
export function assignFolds(labels: readonly string[], k: number, seed: number): Int32Array {
  const folds = new Int32Array(labels.length);
  const random = createRandom(seed);
  let next = 0;
  for (const rows of groupByLabel(labels).values()) {
    shuffleInPlace(rows, random);
    // Continue the rotation across labels so that fold sizes stay balanced too.
    for (const row of rows) folds[row] = next++ % k;
  }
  return folds;
}

/** Row indices by label, labels in sorted order (so that seeded results do not depend on input order of labels). */
function groupByLabel(labels: readonly string[]): Map<string, number[]> {
  const byLabel = new Map<string, number[]>();
  for (const label of [...new Set(labels)].sort()) byLabel.set(label, []);
  labels.forEach((label, i) => {
    byLabel.get(label)!.push(i);
  });
  return byLabel;
}

/**
 * Trains a model on the given rows (no holdout, no calibration: the temperature is 1).
 *
 * @example const model = fitIntentModel(texts, labels); classifyIntent(model, 'card not here')
 */
export function fitIntentModel(
  texts: readonly string[],
  labels: readonly string[],
  options: Pick<TTrainIntentOptions, 'features' | 'linear'> = {},
): TIntentModel {
  checkRows(texts, labels);
  const classes = [...new Set(labels)].sort();
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const vectorizer = fitVectorizer(texts, options.features ?? DEFAULT_FEATURE_OPTIONS);
  const xs = texts.map((t) => transform(vectorizer, t));
  const ys = Int32Array.from(labels, (l) => classIndex.get(l)!);
  const linear = trainLinearSvm(
    xs,
    ys,
    classes.length,
    vectorizer.keys.length,
    options.linear ?? DEFAULT_LINEAR_OPTIONS,
  );
  return { classes, vectorizer, linear, temperature: 1 };
}

function checkRows(texts: readonly string[], labels: readonly string[]) {
  if (texts.length !== labels.length) throw invalid('texts and labels differ in number');
  if (labels.some((l) => l === '')) throw invalid('every training row needs a label');
  if (new Set(labels).size < 2) throw invalid('training needs at least two different labels');
}

function argmax(scores: ArrayLike<number>): number {
  let best = 0;
  for (let c = 1; c < scores.length; c++) if (scores[c]! > scores[best]!) best = c;
  return best;
}

/** The softmax probability of class `c` at a temperature. */
function softmaxAt(scores: ArrayLike<number>, c: number, temperature: number): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < scores.length; k++) max = Math.max(max, scores[k]! * temperature);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) sum += Math.exp(scores[k]! * temperature - max);
  return Math.exp(scores[c]! * temperature - max) / sum;
}

/**
 * The temperature that minimizes the negative log-likelihood of the true labels (convex in the
 * temperature, so a golden-section search on its logarithm finds it).
 */
export function fitTemperature(scores: readonly Float64Array[], truth: ArrayLike<number>): number {
  const loss = (logT: number) => {
    const t = Math.exp(logT);
    let nll = 0;
    for (let i = 0; i < scores.length; i++) {
      nll -= Math.log(Math.max(1e-12, softmaxAt(scores[i]!, truth[i]!, t)));
    }
    return nll;
  };
  let lo = Math.log(0.01);
  let hi = Math.log(1000);
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 60; i++) {
    const a = hi - phi * (hi - lo);
    const b = lo + phi * (hi - lo);
    if (loss(a) <= loss(b)) hi = b;
    else lo = a;
  }
  return Math.exp((lo + hi) / 2);
}

/**
 * The reason of one message and the model's confidence in it.
 *
 * @example classifyIntent(model, 'My card has still not arrived') // { label: 'card_arrival', confidence: 0.93 }
 */
export function classifyIntent(model: TIntentModel, text: string): TIntentPrediction {
  return predictVector(model, transform(model.vectorizer, text));
}

function predictVector(model: TIntentModel, x: TSparseVector): TIntentPrediction {
  const scores = decide(model.linear, x);
  const best = argmax(scores);
  return { label: model.classes[best]!, confidence: softmaxAt(scores, best, model.temperature) };
}

/**
 * `waymark intents train`: holds back a stratified share of the rows, trains on the rest and
 * measures accuracy on the held-back rows (fitting the confidence temperature there), then trains
 * the model to keep on all rows with the same settings.
 *
 * @example trainIntents(texts, labels, { holdout: 0.2, seed: 1 }).holdout.accuracy // 0.91
 */
export function trainIntents(
  texts: readonly string[],
  labels: readonly string[],
  options: TTrainIntentOptions = {},
): TTrainIntentReport {
  checkRows(texts, labels);
  const holdout = options.holdout ?? 0.2;
  if (!(holdout > 0 && holdout < 1)) throw invalid('--holdout must be between 0 and 1');
  const seed = options.seed ?? 1;
  const linear = { ...DEFAULT_LINEAR_OPTIONS, ...options.linear, seed };
  const settings = { features: options.features, linear };
  const { train, test } = splitStratified(labels, holdout, seed);
  if (test.length === 0) throw invalid('too few rows per label to hold any back');
  let started = performance.now();
  const partial = fitIntentModel(
    train.map((i) => texts[i]!),
    train.map((i) => labels[i]!),
    settings,
  );
  const partialSeconds = (performance.now() - started) / 1000;
  const classIndex = new Map(partial.classes.map((c, i) => [c, i]));
  let correct = 0;
  const scores: Float64Array[] = [];
  const truth: number[] = [];
  for (const i of test) {
    const s = decide(partial.linear, transform(partial.vectorizer, texts[i]!));
    if (partial.classes[argmax(s)] === labels[i]) correct++;
    // A label that only occurs in held-back rows cannot be calibrated against.
    const t = classIndex.get(labels[i]!);
    if (t !== undefined) {
      scores.push(s);
      truth.push(t);
    }
  }
  started = performance.now();
  const model = fitIntentModel(texts, labels, settings);
  model.temperature = scores.length > 0 ? fitTemperature(scores, truth) : 1;
  return {
    model,
    rows: texts.length,
    classes: model.classes.length,
    holdout: { rows: test.length, accuracy: correct / test.length, trainSeconds: partialSeconds },
    trainSeconds: (performance.now() - started) / 1000,
  };
}

/**
 * k-fold cross-validation (stratified, seeded): for each fold, train on the others and measure
 * accuracy on it. `folds` limits how many of the k folds are run (1 for a quick check).
 *
 * @example crossValidateIntents(texts, labels, { k: 5 }).mean // 0.906
 */
export function crossValidateIntents(
  texts: readonly string[],
  labels: readonly string[],
  options: { k?: number; folds?: number; seed?: number } & Pick<
    TTrainIntentOptions,
    'features' | 'linear'
  > = {},
): { accuracies: number[]; mean: number; trainSeconds: number[] } {
  const k = options.k ?? 5;
  const seed = options.seed ?? 1;
  const assignment = assignFolds(labels, k, seed);
  const accuracies: number[] = [];
  const trainSeconds: number[] = [];
  const settings = {
    features: options.features,
    linear: { ...DEFAULT_LINEAR_OPTIONS, ...options.linear, seed },
  };
  for (let f = 0; f < Math.min(k, options.folds ?? k); f++) {
    const train: number[] = [];
    const test: number[] = [];
    for (let i = 0; i < texts.length; i++) (assignment[i] === f ? test : train).push(i);
    const started = performance.now();
    const model = fitIntentModel(
      train.map((i) => texts[i]!),
      train.map((i) => labels[i]!),
      settings,
    );
    trainSeconds.push((performance.now() - started) / 1000);
    let correct = 0;
    for (const i of test) if (classifyIntent(model, texts[i]!).label === labels[i]) correct++;
    accuracies.push(correct / test.length);
  }
  return {
    accuracies,
    mean: accuracies.reduce((a, b) => a + b, 0) / accuracies.length,
    trainSeconds,
  };
}
