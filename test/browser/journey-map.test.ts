import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACTS,
  browserMissing,
  createTestUser,
  launchBrowser,
  signInPage,
} from '../helpers/browser.ts';
import { basic, call, startTestServer, type TestServer } from '../helpers/server.ts';

describe.skipIf(Boolean(browserMissing))('web app in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'owner@example.com', 'owner');
    await createTestUser(srv, 'viewer@example.com', 'viewer');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  const signIn = (email: string) => signInPage(browser, srv, email, errors);

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
