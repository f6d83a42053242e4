import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { attributePaths, type TAttributionReport } from '../../core/attribution/attribute-paths.ts';
import {
  readPathHeader,
  readPathRecord,
  type TPathColumns,
} from '../../core/attribution/parse-path-file.ts';
import { MODEL_NAMES, type TPath } from '../../core/attribution/types.ts';
import { AppError } from '../../core/errors.ts';
import { CsvParser } from '../../ingest/import/csv-parser.ts';
import { optionString, type ParsedArgs, requireOption } from '../args.ts';
import { formatTable } from './format-table.ts';

/** The column separator named on the command line: one character, `tab` or `\t` for a tab. */
function readSeparator(text: string): string {
  const d = text === 'tab' || text === '\\t' ? '\t' : text;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new AppError(
      400,
      'usage',
      `--separator must be one character other than a quote (got ${JSON.stringify(text)})`,
    );
  }
  return d;
}

/**
 * Reads a path file (`path;total_conversions;total_conversion_value;total_null` with a header,
 * plain or gzipped) as a stream. Errors name the file and the line.
 */
export async function readPathFile(
  file: string,
  options: { separator?: string; pathSeparator?: string } = {},
): Promise<TPath[]> {
  await stat(file).catch(() => {
    throw new AppError(404, 'not_found', `no such file: ${file}`);
  });
  const input = createReadStream(file);
  const stream = file.toLowerCase().endsWith('.gz') ? input.pipe(createGunzip()) : input;
  stream.setEncoding('utf8');
  const csv = new CsvParser({ delimiter: options.separator ?? ';' });
  const pathSeparator = options.pathSeparator ?? ' > ';
  if (pathSeparator === '') throw new AppError(400, 'usage', '--path-separator must not be empty');
  let columns: TPathColumns | undefined;
  const paths: TPath[] = [];
  const take = (rows: ReturnType<CsvParser['push']>) => {
    for (const row of rows) {
      if (row.error !== undefined)
        throw new AppError(400, 'invalid', `line ${row.line}: ${row.error}`);
      if (columns === undefined) columns = readPathHeader(row);
      else paths.push(readPathRecord(columns, row, pathSeparator));
    }
  };
  try {
    for await (const chunk of stream) take(csv.push(chunk as string));
    take(csv.end());
    if (columns === undefined) throw new AppError(400, 'invalid', 'the file is empty: no header');
  } catch (err) {
    if (err instanceof AppError)
      throw new AppError(err.status, err.code, `${file}: ${err.message}`);
    throw err;
  }
  return paths;
}

function readNumberOption(args: ParsedArgs, name: string): number | undefined {
  const text = optionString(args, name);
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) {
    throw new AppError(400, 'usage', `--${name} must be a number (got ${JSON.stringify(text)})`);
  }
  return n;
}

/** The report as `waymark attribution --format json` prints it. */
export function attributionJson(report: TAttributionReport) {
  const models: Record<string, unknown[]> = {};
  for (const name of MODEL_NAMES) {
    models[name] = report.models[name].map((c) =>
      c.removalEffect === undefined
        ? { channel: c.channel, conversions: c.conversions, value: c.value }
        : {
            channel: c.channel,
            conversions: c.conversions,
            value: c.value,
            removal_effect: c.removalEffect,
          },
    );
  }
  return { models };
}

/** Two tables, conversions and value per channel and model, with the Markov removal effects. */
export function renderAttributionTable(report: TAttributionReport): string {
  const { totals, markov } = report;
  const channels = report.models.first_touch.map((c) => c.channel);
  const lookup = MODEL_NAMES.map((m) => new Map(report.models[m].map((c) => [c.channel, c])));
  const section = (what: 'conversions' | 'value') => {
    const rows = channels.map((channel) => [
      channel,
      ...lookup.map((m) => m.get(channel)![what].toFixed(2)),
      ...(what === 'conversions'
        ? [lookup[MODEL_NAMES.indexOf('markov')]!.get(channel)!.removalEffect!.toFixed(4)]
        : []),
    ]);
    const total = what === 'conversions' ? totals.conversions : totals.value;
    rows.push(['(total)', ...MODEL_NAMES.map(() => total.toFixed(2))]);
    return formatTable(
      [what, ...MODEL_NAMES, ...(what === 'conversions' ? ['removal_effect'] : [])],
      rows,
    );
  };
  return [
    `${totals.paths} paths, ${channels.length} channels: ${totals.conversions} conversions, value ${totals.value.toFixed(2)}, ${totals.nulls} without conversion`,
    `markov: order ${markov.order}, repeats ${markov.collapseRepeats ? 'collapsed' : 'kept'}, ${markov.states} states, P(conversion) ${markov.conversionProbability.toFixed(6)}`,
    '',
    section('conversions'),
    '',
    section('value'),
  ].join('\n');
}

/**
 * `waymark attribution --paths FILE`: every attribution model over an aggregated path file.
 *
 * @example runAttribution(parseArgs(['attribution', '--paths', 'Data.csv', '--format', 'json']), console.log)
 */
export async function runAttribution(args: ParsedArgs, out: (s: string) => void): Promise<number> {
  const file = requireOption(args, 'paths');
  const format = optionString(args, 'format') ?? (args.options.json === true ? 'json' : 'table');
  if (format !== 'table' && format !== 'json')
    throw new AppError(400, 'usage', '--format must be table or json');
  const orderText = optionString(args, 'order') ?? '1';
  if (!['1', '2', '3'].includes(orderText))
    throw new AppError(400, 'usage', `--order must be 1, 2 or 3 (got ${orderText})`);
  const repeats = optionString(args, 'repeats') ?? 'collapse';
  if (repeats !== 'collapse' && repeats !== 'keep')
    throw new AppError(400, 'usage', '--repeats must be collapse or keep');
  const paths = await readPathFile(file, {
    separator: readSeparator(optionString(args, 'separator') ?? ';'),
    pathSeparator: optionString(args, 'path-separator'),
  });
  const report = attributePaths(paths, {
    markov: { order: Number(orderText), collapseRepeats: repeats === 'collapse' },
    positionShares: {
      first: readNumberOption(args, 'first-share'),
      last: readNumberOption(args, 'last-share'),
    },
  });
  out(
    format === 'json'
      ? JSON.stringify(attributionJson(report), null, 2)
      : renderAttributionTable(report),
  );
  return 0;
}
