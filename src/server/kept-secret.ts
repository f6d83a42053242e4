import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The secrets Waymark keeps in its data directory, by file name. */
export type KeptSecret = 'survey-secret' | 'automation-secret';

export const keptSecretPath = (dataDir: string, name: KeptSecret) => path.join(dataDir, name);

/**
 * A signing key: the configured one, else the one kept in the data directory, else a new random
 * one written there (owner-only, like the admin token), so that links signed before a restart
 * (survey links, unsubscribe links in sent emails) still work after it. Whoever holds it can sign
 * such links for any customer.
 */
export function loadKeptSecret(dataDir: string, name: KeptSecret, configured?: string): string {
  if (configured) return configured;
  const file = keptSecretPath(dataDir, name);
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
