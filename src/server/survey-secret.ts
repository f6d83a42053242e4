import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const surveySecretPath = (dataDir: string) => path.join(dataDir, 'survey-secret');

/**
 * The key that signs survey links: the configured one, else the one kept in the data directory,
 * else a new random one written there (owner-only, like the admin token), so that links sent
 * before a restart still open after it. Whoever holds it can make survey links for any customer.
 */
export function loadSurveySecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = surveySecretPath(dataDir);
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // not made yet
  }
  const secret = randomBytes(32).toString('base64url');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
