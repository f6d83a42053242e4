import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../core/errors.ts';
import { CsvParser } from '../../ingest/import/index.ts';
import { optionString, type ParsedArgs } from '../args.ts';
import { resolveDelimiter } from './import-events.ts';

/** Where to read a CSV of texts from, and how. */
export interface TTextTableSource {
  file: string;
  delimiter?: string;
  encoding: 'utf8' | 'latin1';
}

/** The `--file`, `--delimiter` and `--encoding` options of the text commands. */
export function textTableSource(args: ParsedArgs, file: string): TTextTableSource {
  const encoding = optionString(args, 'encoding') ?? 'utf8';
  if (encoding !== 'utf8' && encoding !== 'latin1')
    throw new AppError(400, 'usage', '--encoding must be utf8 or latin1');
  return { file, delimiter: resolveDelimiter(file, optionString(args, 'delimiter')), encoding };
}

/**
 * The named columns of every row of a CSV file (with a header row), streamed: each yielded row
 * holds the cells of `columns`, in that order, and the line it starts on. A missing column is an
 * error that lists the ones the file has; a row without the cell reads as ''.
 *
 * @example for await (const r of readColumns(src, ['text'])) console.log(r.line, r.cells[0])
 */
export async function* readColumns(
  source: TTextTableSource,
  columns: readonly string[],
): AsyncGenerator<{ line: number; cells: string[] }> {
  await stat(source.file).catch(() => {
    throw new AppError(404, 'not_found', `no such file: ${source.file}`);
  });
  const input = createReadStream(source.file);
  const stream = source.file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  stream.setEncoding(source.encoding);
  const parser = new CsvParser(source.delimiter ? { delimiter: source.delimiter } : {});
  let positions: number[] | undefined;
  const pick = function* (rows: ReturnType<CsvParser['push']>) {
    for (const row of rows) {
      if (row.error)
        throw new AppError(400, 'invalid', `${source.file}, line ${row.line}: ${row.error}`);
      if (!positions) {
        const header = row.cells.map((c) => c.trim());
        positions = columns.map((c) => header.indexOf(c));
        const missing = columns.filter((_, i) => positions![i]! < 0);
        if (missing.length > 0) {
          throw new AppError(
            400,
            'usage',
            `${source.file} has no column ${missing.map((m) => `"${m}"`).join(', ')}; its columns: ${header.join(', ')}${source.delimiter ? '' : ' (pass --delimiter if they are not separated by commas)'}`,
          );
        }
        continue;
      }
      yield { line: row.line, cells: positions.map((p) => row.cells[p] ?? '') };
    }
  };
  for await (const chunk of stream) yield* pick(parser.push(chunk as string));
  yield* pick(parser.end());
  if (!positions) throw new AppError(400, 'invalid', `${source.file} is empty`);
}
