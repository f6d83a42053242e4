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

/**
 * The Customers pages in a real browser against a real server: an anonymous visitor browses,
 * then identifies with an email; the person finds them by that email and reads their timeline.
 * Skips (or, with WAYMARK_REQUIRE_BROWSER=1, fails) exactly like journey-map.test.ts.
 */
const EMAIL = 'ada.lovelace@example.com';

describe.skipIf(Boolean(browserMissing))('customers pages in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'editor@example.com', 'editor');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  const signIn = (email: string) => signInPage(browser, srv, email, errors);

  it('finds an identified visitor by email and shows identities and the cross-channel timeline', async () => {
    const t0 = Date.now() - 2 * 86_400_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
    const anon = 'anon-dana-1';
    const batch = [
      {
        type: 'page',
        anonymousId: anon,
        name: 'Pricing',
        properties: { path: '/pricing' },
        context: { campaign: { source: 'newsletter' } },
        timestamp: at(0),
      },
      {
        type: 'track',
        anonymousId: anon,
        event: 'Chat Message Sent',
        properties: { channel: 'chat', text: 'Do you ship to Norway?' },
        timestamp: at(3),
      },
      {
        type: 'identify',
        anonymousId: anon,
        userId: 'dana-42',
        traits: { email: EMAIL, plan: 'pro', city: 'Oslo' },
        timestamp: at(5),
      },
      {
        type: 'track',
        userId: 'dana-42',
        event: 'Order Completed',
        properties: { revenue: 129.5, channel: 'web' },
        timestamp: at(9),
      },
    ];
    const sent = await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } });
    expect(sent.status).toBe(200);

    const page = await signIn('editor@example.com');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Customers' })
      .click();
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();

    // Events are committed before the answer, but allow the profile a moment to show up.
    const search = page.getByLabel('Search');
    await search.fill(EMAIL);
    await expect.poll(() => new URL(page.url()).searchParams.get('q')).toBe(EMAIL);
    const row = page.getByRole('link', { name: EMAIL });
    await row.waitFor({ timeout: 20_000 });
    expect(await page.locator('.customer-table tbody tr').count()).toBe(1);
    expect(await page.locator('.customer-table tbody tr').textContent()).toContain('plan');

    await page.screenshot({ path: path.join(ARTIFACTS, 'customers.png') });

    // Keyboard: focus the result and open it with Enter.
    await row.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: EMAIL, level: 1 }).waitFor();
    expect(page.url()).toMatch(/\/customers\/cus_/);

    const identities = page.locator('section', {
      has: page.getByRole('heading', { name: 'Identities' }),
    });
    await expect.poll(() => identities.textContent()).toContain(anon);
    const idText = await identities.textContent();
    expect(idText).toContain('dana-42');
    expect(idText).toContain(EMAIL);

    const traits = page.locator('.kv-table');
    expect(await traits.textContent()).toContain('Oslo');

    const entries = page.locator('.timeline-entry');
    await expect.poll(() => entries.count(), { timeout: 20_000 }).toBe(4);
    // Newest first.
    expect(await entries.nth(0).textContent()).toContain('Order Completed');
    expect(await entries.nth(0).textContent()).toContain('129.5');
    expect(await entries.nth(3).textContent()).toContain('newsletter');
    expect(await entries.nth(3).textContent()).toContain('/pricing');
    expect(await page.locator('.timeline-text').textContent()).toBe('Do you ship to Norway?');

    await page.screenshot({ path: path.join(ARTIFACTS, 'customer-360.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets an editor undo a merge of two profiles', async () => {
    const t0 = Date.now() - 86_400_000;
    const at = (minutes: number) => new Date(t0 + minutes * 60_000).toISOString();
    const batch = [
      { type: 'track', anonymousId: 'anon-zoe', event: 'Product Viewed', timestamp: at(0) },
      { type: 'track', userId: 'zoe', event: 'Signed Up', timestamp: at(1) },
      // Both ids on one event: the two profiles are one person, so they merge.
      {
        type: 'track',
        userId: 'zoe',
        anonymousId: 'anon-zoe',
        event: 'Cart Viewed',
        timestamp: at(2),
      },
    ];
    expect(
      (await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } })).status,
    ).toBe(200);

    const page = await signIn('editor@example.com');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${srv.url}/customers?q=zoe`);
    await page.getByRole('link', { name: 'zoe', exact: true }).click();
    await page.getByRole('heading', { name: 'zoe', level: 1 }).waitFor();
    await expect.poll(() => page.locator('.timeline-entry').count()).toBe(3);

    const undo = page.getByRole('button', { name: 'Undo merge' });
    await undo.waitFor();
    await undo.click();
    await page.locator('.merge .chip', { hasText: 'Undone' }).waitFor();
    expect(await page.getByRole('button', { name: 'Undo merge' }).count()).toBe(0);
    // The anonymous profile's event went back with it.
    await expect.poll(() => page.locator('.timeline-entry').count()).toBe(2);
    await page.screenshot({
      path: path.join(ARTIFACTS, 'customer-merge-undone.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });
});
