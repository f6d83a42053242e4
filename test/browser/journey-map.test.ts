import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/core/accounts/password.ts';
import { basic, call, startTestServer, type TestServer } from '../helpers/server.ts';

/**
 * The web app in a real browser (Debian's Chromium, driven by playwright-core) against a real
 * server and database. CI installs chromium and sets WAYMARK_REQUIRE_BROWSER=1, so there a
 * missing browser or web build fails instead of skipping.
 */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const DIST = path.resolve('web/dist/index.html');
const missing = !existsSync(CHROMIUM)
  ? `no Chromium at ${CHROMIUM} (apt-get install chromium)`
  : !existsSync(DIST)
    ? 'the web app is not built (npm run build --workspace web)'
    : undefined;
if (missing && process.env.WAYMARK_REQUIRE_BROWSER === '1') {
  throw new Error(`browser tests required but cannot run: ${missing}`);
}
if (missing) console.warn(`skipping browser tests: ${missing}`);

const ARTIFACTS = path.resolve('test-artifacts');
const PASSWORD = 'correct horse battery';

describe.skipIf(Boolean(missing))('web app in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    srv = await startTestServer();
    const hash = await hashPassword(PASSWORD);
    await srv.store.createUser(
      { email: 'owner@example.com', name: 'Olga Owner', passwordHash: hash },
      { workspaceId: srv.workspaceId, role: 'owner' },
    );
    await srv.store.createUser(
      { email: 'viewer@example.com', name: 'Vic Viewer', passwordHash: hash },
      { workspaceId: srv.workspaceId, role: 'viewer' },
    );
    browser = await chromium.launch({
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
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  async function signIn(email: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(srv.url);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Journeys' }).waitFor();
    return page;
  }

  it('lets an owner start a journey from a template and shows measured figures and markers once events arrive', async () => {
    const page = await signIn('owner@example.com');
    await page.getByRole('button', { name: 'Use this template' }).first().click();
    await page.getByLabel('Journey name').fill('Shop journey');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.locator('.tp-card').first().waitFor();
    const journeyId = page.url().split('/journeys/')[1]!.split(/[?#]/)[0]!;

    // 40 customers view a product (matches the product-pages touchpoint), half of them buy.
    const batch = [];
    const t0 = Date.now() - 20 * 86_400_000;
    for (let i = 0; i < 40; i++) {
      const ts = (m: number) => new Date(t0 + i * 3_600_000 + m * 60_000).toISOString();
      batch.push({ type: 'track', userId: `b-${i}`, event: 'Product Viewed', timestamp: ts(0) });
      if (i % 2 === 0)
        batch.push({
          type: 'track',
          userId: `b-${i}`,
          event: 'Order Completed',
          properties: { revenue: 20 },
          timestamp: ts(5),
        });
    }
    expect(
      (await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } })).status,
    ).toBe(200);

    await page.reload();
    const card = page.locator('.tp-card', { hasText: 'product pages' }).first();
    await card.waitFor();
    await expect
      .poll(async () => card.locator('.tp-figures dd').first().textContent(), { timeout: 20_000 })
      .toBe('40');
    expect(await card.locator('.measured').getAttribute('class')).toMatch(
      /measured-(green|yellow|red)/,
    );
    expect(await page.locator('.map-summary').textContent()).toContain('40');
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey-map.png'), fullPage: true });
    expect(journeyId).toMatch(/^jny_/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a viewer the map without any editing control', async () => {
    const page = await signIn('viewer@example.com');
    await page.locator('a[href^="/journeys/"]').first().click();
    await page.locator('.tp-card').first().waitFor();
    expect(await page.locator('.tp-card[draggable="true"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Use this template' }).count()).toBe(0);
    expect(await page.locator('[data-control]').count()).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey-map-viewer.png') });
    // The API enforces the role too: a viewer's session cannot change the map.
    expect(errors).toEqual([]);
    await page.close();
  });
});
