import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { hashPassword } from '../../src/core/accounts/password.ts';
import type { TRole } from '../../src/core/schemas/account.ts';
import type { TestServer } from './server.ts';

/**
 * Browser tests run Debian's Chromium through playwright-core against a real server. CI installs
 * chromium and sets WAYMARK_REQUIRE_BROWSER=1, so there a missing browser or web build fails
 * instead of skipping.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = path.resolve('web/dist/index.html');

/** Why browser tests cannot run here, or undefined when they can. */
export const browserMissing: string | undefined = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
  : !existsSync(DIST)
    ? 'the web app is not built (npm run build --workspace web)'
    : undefined;
if (browserMissing && process.env.WAYMARK_REQUIRE_BROWSER === '1') {
  throw new Error(`browser tests required but cannot run: ${browserMissing}`);
}
if (browserMissing) console.warn(`skipping browser tests: ${browserMissing}`);

/** Screenshots land here (ignored by git), kept as CI artifacts. */
export const ARTIFACTS = path.resolve('test-artifacts');
export const TEST_PASSWORD = 'correct horse battery';

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Creates a user with TEST_PASSWORD and the given role in the test server's workspace. */
export async function createTestUser(srv: TestServer, email: string, role: TRole) {
  const passwordHash = await hashPassword(TEST_PASSWORD);
  return srv.store.createUser(
    { email, name: email.split('@')[0]!, passwordHash },
    { workspaceId: srv.workspaceId, role },
  );
}

/** Opens a page, signs in with email and password, and waits for the journey list. */
export async function signInPage(
  browser: Browser,
  srv: TestServer,
  email: string,
  errors: string[],
): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(srv.url);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Journeys' }).waitFor();
  return page;
}
