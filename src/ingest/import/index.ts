export {
  collectImport,
  ImportCollector,
  type TImportOptions,
  type TImportResult,
  type TImportSource,
} from './collect-import.ts';
export { type CsvOptions, CsvParser, parseCsv, type Row } from './csv-parser.ts';
export {
  MAPPING_FIELDS,
  parseMappingArgs,
  resolveCsvMapping,
  type TImportMapping,
  type TMappingField,
  type TMappingOverrides,
} from './mapping.ts';
export { LineSplitter, ndjsonLineToPayload, type TLine } from './ndjson.ts';
export type { TImportError, TRowResult } from './payload-fields.ts';
export { rowToPayload } from './row-to-payload.ts';
