import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { AppError } from '../../core/errors.ts';
import type { TNormalizedEvent } from '../../core/schemas/event.ts';
import {
  CsvParser,
  ImportCollector,
  LineSplitter,
  ndjsonLineToPayload,
  parseMappingArgs,
  resolveCsvMapping,
  rowToPayload,
  type TImportResult,
  type TMappingOverrides,
} from '../../ingest/import/index.ts';
import type { Backend } from '../backend.ts';

export type ImportFormat = 'csv' | 'ndjson';

/** The CSV delimiter: `--delimiter` if given (`tab` or `\t` for a tab), tab for .tsv files. */
export function resolveDelimiter(file: string, explicit?: string): string | undefined {
  if (explicit === undefined) return /\.tsv(\.gz)?$/i.test(file) ? '\t' : undefined;
  const d = explicit === 'tab' || explicit === '\\t' ? '\t' : explicit;
  if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') {
    throw new AppError(
      400,
      'usage',
      `--delimiter must be one character other than a quote (got ${JSON.stringify(explicit)})`,
    );
  }
  return d;
}

export function detectFormat(file: string, explicit?: string): ImportFormat {
  if (explicit) {
    if (explicit !== 'csv' && explicit !== 'ndjson') {
      throw new AppError(400, 'usage', `--format must be csv or ndjson (got ${explicit})`);
    }
    return explicit;
  }
  const name = file.toLowerCase().replace(/\.gz$/, '');
  if (name.endsWith('.csv') || name.endsWith('.tsv')) return 'csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl') || name.endsWith('.json'))
    return 'ndjson';
  throw new AppError(
    400,
    'usage',
    `cannot tell the format of ${file}: pass --format csv or --format ndjson`,
  );
}

/**
 * Reads the file once, feeding each valid event to `onEvent` (awaited, so that a slow sink
 * applies back-pressure) and reporting progress in bytes.
 */
async function scan(
  file: string,
  format: ImportFormat,
  overrides: TMappingOverrides,
  delimiter: string | undefined,
  keepEvents: boolean,
  onEvent: ((e: TNormalizedEvent) => Promise<void>) | undefined,
  onProgress: (bytes: number) => void,
): Promise<TImportResult> {
  const collector = new ImportCollector(overrides, Date.now(), { maxErrors: 20, keepEvents });
  const input = createReadStream(file);
  const stream = file.endsWith('.gz') ? input.pipe(createGunzip()) : input;
  let bytes = 0;
  input.on('data', (c: Buffer | string) => {
    bytes += c.length;
  });
  stream.setEncoding('utf8');
  const csv = new CsvParser(delimiter ? { delimiter } : {});
  const lines = new LineSplitter();
  let header: string[] | undefined;
  let mapping: ReturnType<typeof resolveCsvMapping> | undefined;
  const consume = async (chunkRows: () => Array<TNormalizedEvent | null>) => {
    for (const e of chunkRows()) if (e && onEvent) await onEvent(e);
  };
  const handle = async (chunk: string | null) => {
    if (format === 'csv') {
      const rows = chunk === null ? csv.end() : csv.push(chunk);
      await consume(() =>
        rows.map((row) => {
          if (!header) {
            header = row.cells;
            mapping = resolveCsvMapping(header, overrides);
            return null;
          }
          return collector.add(rowToPayload(header, row, mapping!));
        }),
      );
    } else {
      const ls = chunk === null ? lines.end() : lines.push(chunk);
      await consume(() =>
        ls.map((l) => collector.add(ndjsonLineToPayload(l.text, l.line, overrides))),
      );
    }
    onProgress(bytes);
  };
  for await (const chunk of stream) await handle(chunk as string);
  await handle(null);
  return collector.result();
}

export interface ImportOptions {
  file: string;
  workspaceId: string;
  format?: string;
  map: string[];
  delimiter?: string;
  progress: (done: number, total: number, phase: string) => void;
}

/**
 * Imports a CSV or NDJSON file: a first pass validates every row and refuses the whole file if
 * any row is wrong (errors with line numbers); a second pass writes the events in chunks. Event
 * ids derive from row content, so rerunning an interrupted import never stores a row twice.
 */
export async function importEvents(backend: Backend, o: ImportOptions) {
  const format = detectFormat(o.file, o.format);
  const size = (
    await stat(o.file).catch(() => {
      throw new AppError(404, 'not_found', `no such file: ${o.file}`);
    })
  ).size;
  const overrides = parseMappingArgs(o.map);
  const delimiter = resolveDelimiter(o.file, o.delimiter);
  const check = await scan(o.file, format, overrides, delimiter, false, undefined, (b) =>
    o.progress(b, size, 'validating'),
  );
  if (check.errorCount > 0) return { imported: 0, check };
  let chunk: TNormalizedEvent[] = [];
  let imported = 0;
  const flush = async () => {
    if (chunk.length === 0) return;
    await backend.insertEvents(o.workspaceId, chunk);
    imported += chunk.length;
    chunk = [];
  };
  await scan(
    o.file,
    format,
    overrides,
    delimiter,
    false,
    async (e) => {
      chunk.push(e);
      if (chunk.length >= 10_000) await flush();
    },
    (b) => o.progress(b, size, 'importing'),
  );
  await flush();
  return { imported, check };
}
