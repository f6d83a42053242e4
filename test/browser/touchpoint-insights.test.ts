import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
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
 * The touchpoint detail page and the journey dashboard in a real browser against a real server:
 * opened from the map, charts drawn and saved as PNG, the live match preview following a rule
 * as it is typed, and the dashboard's funnel, conversion chart and friction ranking. Skips (or,
 * with WAYMARK_REQUIRE_BROWSER=1, fails) exactly like journey-map.test.ts.
 */
describe.skipIf(Boolean(browserMissing))('touchpoint detail and dashboard in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  let journeyId: string;
  let landingId: string;
  const errors: string[] = [];

  const api = (p: string, body?: unknown, method?: string) =>
    call(`${srv.url}${p}`, { auth: `Bearer ${srv.apiKey}`, body, method });

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'owner@example.com', 'owner');
    await createTestUser(srv, 'viewer@example.com', 'viewer');
    const j = await api('/api/journeys', {
      name: 'Shop',
      goal: { event: 'Order Completed' },
      settings: { conversionWindowDays: 7, inactivityDays: 3 },
    });
    journeyId = j.body.id;
    const discover = (await api(`/api/journeys/${journeyId}/stages`, { name: 'Discover' })).body;
    const buy = (await api(`/api/journeys/${journeyId}/stages`, { name: 'Buy' })).body;
    const mk = async (stageId: string, name: string, matchRules: unknown[]) =>
      (
        await api(`/api/journeys/${journeyId}/touchpoints`, {
          stageId,
          name,
          channel: 'web',
          phase: 'before',
          matchRules,
        })
      ).body.id as string;
    landingId = await mk(discover.id, 'Landing page', [{ type: 'page', path: '/landing*' }]);
    await mk(buy.id, 'Checkout', [{ event: 'Checkout Started' }]);

    // 12 visitors land (half on the spring page, half on the summer one); the even ones start
    // a checkout an hour later and every fourth orders: 6 go on, 6 drop off after landing.
    const t0 = Date.now() - 25 * 86_400_000;
    const batch = [];
    for (let i = 0; i < 12; i++) {
      const ts = (hours: number) => new Date(t0 + i * 86_400_000 + hours * 3_600_000).toISOString();
      const userId = `shopper-${i}`;
      const season = i % 2 === 0 ? 'spring' : 'summer';
      batch.push({
        type: 'page',
        userId,
        properties: { path: `/landing/${season}` },
        timestamp: ts(0),
      });
      if (i % 2 === 0)
        batch.push({ type: 'track', userId, event: 'Checkout Started', timestamp: ts(1) });
      if (i % 4 === 0)
        batch.push({ type: 'track', userId, event: 'Order Completed', timestamp: ts(2) });
    }
    const sent = await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } });
    expect(sent.status).toBe(200);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  const signIn = async (email: string) => {
    const page = await signInPage(browser, srv, email, errors);
    page.on('console', (msg) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    return page;
  };

  /** Saves a chart through its button, pressed from the keyboard, and returns the PNG's bytes. */
  async function savePng(page: Page, chartTitle: string) {
    const button = page.getByRole('button', { name: `Save as PNG the chart ${chartTitle}` });
    await button.focus();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.keyboard.press('Enter'),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.png$/);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: readFileSync(file) };
  }
  const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  it('opens a touchpoint from the map: chart, drop-offs, next steps and a live rule preview', async () => {
    const page = await signIn('owner@example.com');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${srv.url}/journeys/${journeyId}`);
    await page
      .locator('.tp-card', { hasText: 'Landing page' })
      .getByRole('button', { name: 'Landing page', exact: true })
      .click();
    await page.getByRole('link', { name: /Open details/ }).click();
    await page.getByRole('heading', { name: 'Landing page', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/journeys/${journeyId}/touchpoints/${landingId}`);

    const kpis = page.getByRole('region', { name: 'Touchpoint figures' });
    await expect
      .poll(() => kpis.locator('.kpi dd').first().textContent(), { timeout: 20_000 })
      .toBe('12');
    // The chart is drawn (a canvas) and described in words.
    const chart = page.locator('.insight-chart').first();
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toContain('Touches of Landing page');
    expect(await chart.getAttribute('aria-label')).toContain('12 in all');

    // The odd visitors never went on: six drop-offs, each linking to the customer's page.
    const dropped = page.locator('section', {
      has: page.getByRole('heading', { name: 'Dropped off after it' }),
    });
    await expect.poll(() => dropped.locator('tbody tr').count(), { timeout: 20_000 }).toBe(6);
    const first = dropped.locator('tbody th a').first();
    expect(await first.getAttribute('href')).toMatch(/^\/customers\/cus_/);

    const next = page.locator('section', {
      has: page.getByRole('heading', { name: 'What customers did next' }),
    });
    await next.locator('tbody tr').first().waitFor();
    const nextText = await next.locator('tbody').textContent();
    expect(nextText).toContain('Checkout');
    expect(nextText).toContain('Nothing yet');
    expect(nextText).toContain('50%');

    // Live preview: the saved rules match all twelve landing views; narrowing the path to the
    // spring page matches six, before anything is saved.
    const count = page.locator('.preview-count');
    await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe('12');
    const pathInput = page.getByLabel('Page path');
    await pathInput.fill('/landing/spring*');
    await expect.poll(() => count.textContent(), { timeout: 20_000 }).toBe('6');
    expect(await page.locator('.preview-sample tbody tr').count()).toBe(6);
    expect(await page.locator('.preview-sample tbody').textContent()).toContain('This touchpoint');
    await page.screenshot({ path: path.join(ARTIFACTS, 'touchpoint-detail.png'), fullPage: true });

    const png = await savePng(page, 'Over time');
    expect(png.name).toBe('landing-page-over-time.png');
    expect(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.bytes.length).toBeGreaterThan(2000);

    // Saving goes through the touchpoint's PATCH; the figures follow the new rules.
    await page.getByRole('button', { name: 'Save rules' }).click();
    await expect
      .poll(() => kpis.locator('.kpi dd').first().textContent(), { timeout: 20_000 })
      .toBe('6');
    const saved = await api(`/api/touchpoints/${landingId}`);
    expect(saved.body.matchRules).toEqual([{ type: 'page', path: '/landing/spring*' }]);
    // Put the rule back for the other tests.
    await api(
      `/api/touchpoints/${landingId}`,
      { matchRules: [{ type: 'page', path: '/landing*' }] },
      'PATCH',
    );
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the dashboard from the map header: funnel, conversion over time and the friction ranking', async () => {
    const page = await signIn('owner@example.com');
    await page.goto(`${srv.url}/journeys/${journeyId}`);
    await page.getByRole('link', { name: /^Dashboard/ }).click();
    await page.getByRole('heading', { name: 'Shop: dashboard', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/journeys/${journeyId}/dashboard`);

    await expect
      .poll(() => page.locator('.insight-chart canvas').count(), { timeout: 20_000 })
      .toBe(2);
    const funnel = page.getByRole('img', { name: /Customers reaching each stage in order/ });
    await expect.poll(() => funnel.getAttribute('aria-label')).toContain('Discover 12');
    expect(await funnel.getAttribute('aria-label')).toContain('Buy 6');
    const conversion = page.getByRole('img', { name: /^Conversions per/ });
    expect(await conversion.getAttribute('aria-label')).toContain('3 in all');

    const friction = page.locator('.friction-table tbody tr');
    await expect.poll(() => friction.count()).toBe(2);
    // Landing page lost 6 of 12; checkout lost 3 of 6 (the even visitors who did not order):
    // equal rates, so the one that lost more comes first.
    expect(await friction.nth(0).locator('th').textContent()).toBe('Landing page');
    expect(await friction.nth(0).textContent()).toContain('50%');
    expect(await page.locator('.friction-explained').textContent()).toContain(
      'Ranked by drop-off rate',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'journey-dashboard.png'), fullPage: true });

    const png = await savePng(page, 'Stage funnel');
    expect(png.name).toBe('shop-stage-funnel.png');
    expect(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);

    // The ranking links to each touchpoint's page, keeping the range.
    await friction.nth(1).getByRole('link').click();
    await page.getByRole('heading', { name: 'Checkout', level: 1 }).waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets a viewer read the page and preview rules without saving them', async () => {
    const page = await signIn('viewer@example.com');
    await page.goto(`${srv.url}/journeys/${journeyId}/touchpoints/${landingId}`);
    await page.getByRole('heading', { name: 'Landing page', level: 1 }).waitFor();
    await expect
      .poll(() => page.locator('.preview-count').textContent(), { timeout: 20_000 })
      .toBe('12');
    expect(await page.getByRole('button', { name: 'Save rules' }).count()).toBe(0);
    expect(await page.getByLabel('Page path').isDisabled()).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });
});
