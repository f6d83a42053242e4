import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root (this file is test/helpers/shared-data.ts). */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The path of a file in the public data sets kept beside the project (`../shared/data/`), or
 * `undefined` when that file is not there (a clone without them), so tests can skip with a reason.
 *
 * @example sharedDataFile('vader/tweets_GroundTruth.txt')
 */
export function sharedDataFile(relative: string): string | undefined {
  const file = path.resolve(ROOT, '../shared/data', relative);
  return existsSync(file) ? file : undefined;
}

/** The message a test prints when it skips for want of a shared data file. */
export const missingDataReason = (relative: string) =>
  `skipped: ../shared/data/${relative} is not beside the project root (${ROOT})`;
