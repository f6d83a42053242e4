import { readFile, writeFile } from 'node:fs/promises';
import { AppError } from '../../core/errors.ts';
import { discoverThemes, type TDiscovery } from '../../core/intents/discover-themes.ts';
import { parseIntentModel, serializeIntentModel } from '../../core/intents/model-file.ts';
import { classifyIntent, trainIntents } from '../../core/intents/train-intents.ts';
import { optionString, type ParsedArgs, requireOption } from '../args.ts';
import { readColumns, textTableSource } from './read-text-table.ts';

/** A numeric option, checked. */
function optionNumber(args: ParsedArgs, name: string, fallback: number): number {
  const raw = optionString(args, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new AppError(400, 'usage', `--${name} must be a number (got ${raw})`);
  return value;
}

/**
 * `waymark intents train --file F --text-column C --label-column L --model OUT [--holdout 0.2]
 * [--seed 1]`: reports accuracy on the held-back rows, then writes the model trained on all rows.
 */
export async function trainIntentsCommand(
  args: ParsedArgs,
  out: (s: string) => void,
): Promise<number> {
  const file = requireOption(args, 'file');
  const textColumn = requireOption(args, 'text-column');
  const labelColumn = requireOption(args, 'label-column');
  const modelFile = requireOption(args, 'model');
  const holdout = optionNumber(args, 'holdout', 0.2);
  const seed = optionNumber(args, 'seed', 1);
  if (!(holdout > 0 && holdout < 1))
    throw new AppError(400, 'usage', '--holdout must be more than 0 and less than 1');
  const texts: string[] = [];
  const labels: string[] = [];
  let skipped = 0;
  for await (const row of readColumns(textTableSource(args, file), [textColumn, labelColumn])) {
    const [text, label] = [row.cells[0]!.trim(), row.cells[1]!.trim()];
    // A row without text or without a reason teaches nothing; it is counted, not fatal.
    if (!text || !label) {
      skipped++;
      continue;
    }
    texts.push(text);
    labels.push(label);
  }
  if (texts.length < 4) throw new AppError(400, 'invalid', `${file}: too few labelled rows`);
  const report = trainIntents(texts, labels, { holdout, seed });
  await writeFile(modelFile, JSON.stringify(serializeIntentModel(report.model)));
  const summary = {
    rows: report.rows,
    skippedRows: skipped,
    labels: report.classes,
    holdout: {
      share: holdout,
      rows: report.holdout.rows,
      accuracy: Number(report.holdout.accuracy.toFixed(4)),
    },
    trainSeconds: Number(report.trainSeconds.toFixed(2)),
    temperature: Number(report.model.temperature.toFixed(4)),
    model: modelFile,
  };
  if (args.options.json === true) out(JSON.stringify(summary));
  else {
    out(
      `trained on ${report.rows} rows, ${report.classes} labels${skipped ? ` (${skipped} rows without text or label skipped)` : ''}`,
    );
    out(
      `held-out accuracy ${(100 * report.holdout.accuracy).toFixed(1)}% on ${report.holdout.rows} rows (${Math.round(holdout * 100)}% of each label, seed ${seed})`,
    );
    out(`final model trained on all rows in ${report.trainSeconds.toFixed(1)} s → ${modelFile}`);
  }
  return 0;
}

/**
 * `waymark intents classify --model M --file F --text-column C`: one JSON object
 * `{ "label", "confidence" }` per row, in file order; a row with no text gives
 * `{ "label": null, "confidence": 0 }` so that output line n stays row n.
 */
export async function classifyIntentsCommand(
  args: ParsedArgs,
  out: (s: string) => void,
): Promise<number> {
  const modelFile = requireOption(args, 'model');
  const file = requireOption(args, 'file');
  const textColumn = requireOption(args, 'text-column');
  const raw = await readFile(modelFile, 'utf8').catch(() => {
    throw new AppError(404, 'not_found', `no such model file: ${modelFile}`);
  });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new AppError(400, 'invalid', `${modelFile} is not JSON`);
  }
  const model = parseIntentModel(json);
  for await (const row of readColumns(textTableSource(args, file), [textColumn])) {
    const text = row.cells[0]!.trim();
    if (!text) {
      out(JSON.stringify({ label: null, confidence: 0 }));
      continue;
    }
    const { label, confidence } = classifyIntent(model, text);
    out(JSON.stringify({ label, confidence: Math.round(confidence * 1e4) / 1e4 }));
  }
  return 0;
}

/** `waymark intents discover --file F --text-column C [--themes K] [--seed 1] [--format table|json]` */
export async function discoverThemesCommand(
  args: ParsedArgs,
  out: (s: string) => void,
): Promise<number> {
  const file = requireOption(args, 'file');
  const textColumn = requireOption(args, 'text-column');
  const format = optionString(args, 'format') ?? (args.options.json === true ? 'json' : 'table');
  if (format !== 'table' && format !== 'json')
    throw new AppError(400, 'usage', '--format must be table or json');
  const themes =
    optionString(args, 'themes') === undefined ? undefined : optionNumber(args, 'themes', 0);
  const texts: string[] = [];
  for await (const row of readColumns(textTableSource(args, file), [textColumn])) {
    const text = row.cells[0]!.trim();
    if (text) texts.push(text);
  }
  if (texts.length === 0)
    throw new AppError(400, 'invalid', `${file}: no texts in "${textColumn}"`);
  const discovery = discoverThemes(texts, { themes, seed: optionNumber(args, 'seed', 1) });
  out(
    format === 'json'
      ? JSON.stringify({ texts: texts.length, ...discovery }, null, 2)
      : renderThemes(discovery, texts.length),
  );
  return 0;
}

/**
 * Themes as a terminal table: volume, share, name, and the most typical message.
 *
 * @example renderThemes(discoverThemes(texts), texts.length)
 */
export function renderThemes(discovery: TDiscovery, total: number): string {
  const how =
    discovery.chosenBy === 'given'
      ? `${discovery.k} themes (given)`
      : `${discovery.k} themes (highest silhouette of k = 2..${discovery.silhouettes?.at(-1)?.k ?? discovery.k})`;
  const rows = discovery.themes.map((t) => [
    String(t.volume),
    `${(100 * t.share).toFixed(1)}%`,
    t.name,
    t.examples[0] ?? '',
  ]);
  const titles = ['volume', 'share', 'theme', 'example'];
  const widths = titles.map((title, i) =>
    Math.min(i === 3 ? 60 : 48, Math.max(title.length, ...rows.map((r) => r[i]!.length))),
  );
  const cut = (s: string, w: number) => (s.length > w ? `${s.slice(0, w - 1)}…` : s);
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i < 2 ? cut(c, widths[i]!).padStart(widths[i]!) : cut(c, widths[i]!).padEnd(widths[i]!),
      )
      .join('  ')
      .trimEnd();
  return [
    `${total} texts, ${how}`,
    '',
    line(titles),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.map(line),
  ].join('\n');
}
