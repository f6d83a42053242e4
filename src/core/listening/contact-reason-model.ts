import { invalid } from '../errors.ts';
import {
  parseIntentModel,
  serializeIntentModel,
  type TIntentModelFile,
} from '../intents/model-file.ts';
import { classifyIntent, type TIntentModel, trainIntents } from '../intents/train-intents.ts';

/** One labelled example: a message and the reason it was written for. */
export interface TLabelledExample {
  text: string;
  reason: string;
}

/** A contact reason below this confidence is counted as `unclassified` unless a model says. */
export const DEFAULT_MIN_CONFIDENCE = 0.4;
/** The label of texts whose reason the model is not confident about. */
export const UNCLASSIFIED = 'unclassified';

/** What a workspace keeps about its trained model besides the model itself. */
export interface TContactReasonModelInfo {
  reasons: string[];
  /** Examples trained on. */
  examples: number;
  holdout: { share: number; rows: number; accuracy: number };
  minConfidence: number;
  seed: number;
}

/** A cell of a parsed CSV table, as the ingest CSV parser yields its rows. */
export interface TCsvRow {
  line: number;
  cells: string[];
  error?: string;
}

/**
 * The examples of a CSV table (header row first): every row needs a non-empty text and reason.
 * A missing column, a malformed row or an empty cell is an `invalid` error naming the line and
 * the column, so the person who uploads the file can fix that row.
 *
 * @example examplesFromCsv(rows, { text: 'message', reason: 'reason' }, 'body.csv')
 */
export function examplesFromCsv(
  rows: readonly TCsvRow[],
  columns: { text: string; reason: string },
  field: string,
): TLabelledExample[] {
  const [header, ...body] = rows;
  if (!header) throw invalid('the CSV is empty', [{ path: field, message: 'no header row' }]);
  if (header.error) throw csvError(field, header.line, header.error);
  const names = header.cells.map((c) => c.trim());
  const positions = [columns.text, columns.reason].map((c) => names.indexOf(c));
  const missing = [columns.text, columns.reason].filter((_, i) => positions[i]! < 0);
  if (missing.length > 0) {
    const list = missing.map((m) => `"${m}"`).join(', ');
    throw invalid(`the CSV has no column ${list}; its columns: ${names.join(', ')}`, [
      { path: field, message: `no column ${list}` },
    ]);
  }
  return body.map((row) => {
    if (row.error) throw csvError(field, row.line, row.error);
    const text = (row.cells[positions[0]!] ?? '').trim();
    const reason = (row.cells[positions[1]!] ?? '').trim();
    for (const [value, column] of [
      [text, columns.text],
      [reason, columns.reason],
    ] as const) {
      if (!value) throw csvError(field, row.line, `column "${column}" is empty`);
    }
    return { text, reason };
  });
}

function csvError(field: string, line: number, message: string) {
  return invalid(`CSV line ${line}: ${message}`, [
    { path: field, message: `line ${line}: ${message}` },
  ]);
}

/**
 * Trains a workspace's contact-reason model with the intent classifier (core/intents): held-out
 * accuracy on a stratified share of each reason, then the model trained on every example. Needs
 * at least two reasons and one reason with two examples (one to hold back, one to learn).
 *
 * @example trainContactReasons(examples, { holdout: 0.2 }).info.holdout.accuracy // 0.9
 */
export function trainContactReasons(
  examples: readonly TLabelledExample[],
  options: { holdout?: number; seed?: number; minConfidence?: number } = {},
): { file: TIntentModelFile; info: TContactReasonModelInfo } {
  const holdout = options.holdout ?? 0.2;
  const seed = options.seed ?? 1;
  const reasons = [...new Set(examples.map((e) => e.reason))].sort();
  if (reasons.length < 2) {
    throw invalid('training needs examples of at least two reasons', [
      { path: 'body', message: `${reasons.length} reason given` },
    ]);
  }
  if (reasons.includes(UNCLASSIFIED)) {
    throw invalid(`"${UNCLASSIFIED}" is kept for texts the model is not sure about`, [
      { path: 'body', message: `rename the reason "${UNCLASSIFIED}"` },
    ]);
  }
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.reason, (counts.get(e.reason) ?? 0) + 1);
  if (![...counts.values()].some((n) => n >= 2)) {
    throw invalid('at least one reason needs two examples: one is held back to measure accuracy', [
      { path: 'body', message: 'too few examples' },
    ]);
  }
  const report = trainIntents(
    examples.map((e) => e.text),
    examples.map((e) => e.reason),
    { holdout, seed },
  );
  return {
    file: serializeIntentModel(report.model),
    info: {
      reasons: report.model.classes,
      examples: report.rows,
      holdout: { share: holdout, rows: report.holdout.rows, accuracy: report.holdout.accuracy },
      minConfidence: options.minConfidence ?? DEFAULT_MIN_CONFIDENCE,
      seed,
    },
  };
}

/** A stored model, ready to classify. */
export function loadContactReasonModel(file: unknown): TIntentModel {
  return parseIntentModel(file);
}

export interface TContactReason {
  predicted: string;
  confidence: number;
  /** The predicted reason, or `unclassified` below the confidence threshold. */
  reason: string;
}

/**
 * The contact reason of one text: the model's label and confidence, and the reason counted.
 *
 * @example classifyContactReason(model, 'Where is my parcel?', 0.4)
 * // { predicted: 'late delivery', confidence: 0.82, reason: 'late delivery' }
 */
export function classifyContactReason(
  model: TIntentModel,
  text: string,
  minConfidence: number,
): TContactReason {
  const { label, confidence } = classifyIntent(model, text);
  return {
    predicted: label,
    confidence,
    reason: confidence >= minConfidence ? label : UNCLASSIFIED,
  };
}
