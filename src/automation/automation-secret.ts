import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const automationSecretPath = (dataDir: string) => path.join(dataDir, 'automation-secret');

/**
 * The key that signs unsubscribe links: the configured one, else the one kept in the data
 * directory, else a new random one written there (owner-only), so that links in emails sent
 * before a restart keep working after it.
 */
export function loadAutomationSecret(dataDir: string, configured?: string): string {
  if (configured) return configured;
  const file = automationSecretPath(dataDir);
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
