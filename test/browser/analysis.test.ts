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
 * The journey analysis page (paths, flow, funnel with drop-offs, attribution) and the map's
 * conformance section in a real browser against a real server. Skips (or, with
 * WAYMARK_REQUIRE_BROWSER=1, fails) exactly like journey-map.test.ts.
 *
 * The map: Discover = [Landing page (ads), Pricing page (web)], Buy = [Checkout (web)]; the goal
 * is Order Completed. Six shoppers, one a day, steps an hour apart:
 *
 * | shopper | steps                                           | fitness |
 * | ------- | ----------------------------------------------- | ------- |
 * | 0, 1    | Landing → Pricing → Checkout → Order Completed  | 1       |
 * | 2       | Landing → Checkout → Order Completed            | 5/6     |
 * | 3       | Landing → Checkout (+ Newsletter Signup ×2)     | 5/6     |
 * | 4       | Landing → Pricing → Landing (+ Newsletter ×2)   | 3/4     |
 * | 5       | Landing                                         | 1       |
 *
 * So: the top variant is Landing → Pricing → Checkout → goal (2 of 6 sequences, 33.3%); the
 * funnel Landing → Checkout → Order Completed keeps 6, 4, 3 customers and loses shoppers 4 and 5
 * before Checkout; first touch gives all 3 conversions to ads; 2 of the 5 customers who went
 * past Pricing page skipped it (40%); one step back (Pricing → Landing); Newsletter Signup
 * (4 events, 2 customers) matches no touchpoint.
 */
describe.skipIf(Boolean(browserMissing))('journey analysis and conformance in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  let journeyId: string;
  const errors: string[] = [];

  const api = (p: string, body?: unknown, method?: string) =>
    call(`${srv.url}${p}`, { auth: `Bearer ${srv.apiKey}`, body, method });

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'owner@example.com', 'owner');
    await createTestUser(srv, 'viewer@example.com', 'viewer');
    const j = await api('/api/journeys', {
      name: 'Shop',
      goal: { event: 'Order Completed', valueProperty: 'revenue' },
      settings: { conversionWindowDays: 7, inactivityDays: 3 },
    });
    journeyId = j.body.id;
    const discover = (await api(`/api/journeys/${journeyId}/stages`, { name: 'Discover' })).body;
    const buy = (await api(`/api/journeys/${journeyId}/stages`, { name: 'Buy' })).body;
    const mk = async (stageId: string, name: string, channel: string, matchRules: unknown[]) => {
      const res = await api(`/api/journeys/${journeyId}/touchpoints`, {
        stageId,
        name,
        channel,
        phase: 'before',
        matchRules,
      });
      expect(res.status).toBe(201);
    };
    await mk(discover.id, 'Landing page', 'ads', [{ type: 'page', path: '/landing*' }]);
    await mk(discover.id, 'Pricing page', 'web', [{ type: 'page', path: '/pricing' }]);
    await mk(buy.id, 'Checkout', 'web', [{ event: 'Checkout Started' }]);

    const STEPS: Record<number, string[]> = {
      0: ['landing', 'pricing', 'checkout', 'order'],
      1: ['landing', 'pricing', 'checkout', 'order'],
      2: ['landing', 'checkout', 'order'],
      3: ['landing', 'checkout', 'newsletter', 'newsletter'],
      4: ['landing', 'pricing', 'landing', 'newsletter', 'newsletter'],
      5: ['landing'],
    };
    const t0 = Date.now() - 10 * 86_400_000;
    const batch: unknown[] = [];
    for (let i = 0; i < 6; i++) {
      const userId = `shopper-${i}`;
      const ts = (hours: number) => new Date(t0 + i * 86_400_000 + hours * 3_600_000).toISOString();
      batch.push({
        type: 'identify',
        userId,
        traits: { email: `shopper-${i}@example.com` },
        timestamp: ts(0),
      });
      STEPS[i]!.forEach((step, h) => {
        const at = ts(h + 1);
        if (step === 'landing')
          batch.push({
            type: 'page',
            userId,
            properties: { path: '/landing/spring' },
            timestamp: at,
          });
        if (step === 'pricing')
          batch.push({ type: 'page', userId, properties: { path: '/pricing' }, timestamp: at });
        if (step === 'checkout')
          batch.push({ type: 'track', userId, event: 'Checkout Started', timestamp: at });
        if (step === 'order')
          batch.push({
            type: 'track',
            userId,
            event: 'Order Completed',
            properties: { revenue: 50 },
            timestamp: at,
          });
        if (step === 'newsletter')
          batch.push({ type: 'track', userId, event: 'Newsletter Signup', timestamp: at });
      });
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

  /** Charts animate (a Sankey for about a second): let them finish before a screenshot. */
  const settle = async (page: Page) => {
    await page.waitForTimeout(1500);
    // A full-page shot draws the sticky top bar where the page is scrolled to.
    await page.evaluate(() => window.scrollTo(0, 0));
  };

  const openTab = async (page: Page, name: string) => {
    await page.getByRole('tab', { name }).click();
    await expect
      .poll(() => page.getByRole('tab', { name }).getAttribute('aria-selected'))
      .toBe('true');
  };

  it('shows the paths graph, the top variants and the flow from the map header', async () => {
    const page = await signIn('owner@example.com');
    await page.goto(`${srv.url}/journeys/${journeyId}`);
    await page.getByRole('link', { name: /^Analysis/ }).click();
    await page.getByRole('heading', { name: 'Shop: analysis', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/journeys/${journeyId}/analysis`);

    // Paths: the graph is drawn (a canvas) and described; the top variant is the full path.
    const graph = page.getByRole('img', { name: /sequences over/ });
    await graph.locator('canvas').waitFor({ timeout: 20_000 });
    expect(await graph.getAttribute('aria-label')).toContain('6 sequences over 4 steps');
    const top = page.locator('.variants-table tbody tr').first();
    await top.waitFor();
    expect(await top.locator('.step-chip').allTextContents()).toEqual([
      'Landing page',
      'Pricing page',
      'Checkout',
      'Order Completed',
    ]);
    expect(await top.locator('td').allTextContents()).toEqual(['1', '2', '33.3%']);
    expect(await page.locator('.variants-table tbody tr').count()).toBe(5);
    await settle(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-paths.png'), fullPage: true });

    // The tabs are operable by keyboard: arrow right moves to Flow and selects it.
    await page.getByRole('tab', { name: 'Paths' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByRole('tab', { name: 'Flow' }).getAttribute('aria-selected'))
      .toBe('true');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('flow');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Flow');

    // Flow from the first touchpoint: every shopper landed; next came Pricing (3), Checkout (2)
    // and, for one, nothing.
    const sankey = page.getByRole('img', { name: /sequences through/ });
    await sankey.locator('canvas').waitFor({ timeout: 20_000 });
    expect(await sankey.getAttribute('aria-label')).toBe(
      '6 sequences through Landing page; right after it: Pricing page 3, Checkout 2, End 1.',
    );
    await settle(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-flow.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('builds a three-step funnel and drills into the customers who dropped off', async () => {
    const page = await signIn('owner@example.com');
    await page.goto(`${srv.url}/journeys/${journeyId}/analysis?tab=funnel`);
    await page.getByRole('heading', { name: 'Funnel steps' }).waitFor();
    // The default funnel is the first touchpoint of each stage; start again from nothing.
    const steps = page.locator('.funnel-steps .funnel-step-label');
    expect(await steps.allTextContents()).toEqual(['Landing page', 'Checkout']);
    await page.getByRole('button', { name: 'Remove step: Checkout' }).click();
    await page.getByRole('button', { name: 'Remove step: Landing page' }).click();
    expect(await steps.count()).toBe(0);

    const touchpoint = page.getByRole('form', { name: 'Add a touchpoint step' });
    await touchpoint.getByLabel('Touchpoint').selectOption({ label: 'Checkout' });
    await touchpoint.getByRole('button', { name: 'Add touchpoint' }).click();
    await touchpoint.getByLabel('Touchpoint').selectOption({ label: 'Landing page' });
    await touchpoint.getByRole('button', { name: 'Add touchpoint' }).click();
    // Landing was added second: move it up to be the first step.
    await page.getByRole('button', { name: 'Move up: Landing page' }).click();
    const event = page.getByRole('form', { name: 'Add an event step' });
    await event.getByLabel('Event name').fill('Order Completed');
    await event.getByRole('button', { name: 'Add event' }).click();
    expect(await steps.allTextContents()).toEqual([
      'Landing page',
      'Checkout',
      'Event: Order Completed',
    ]);

    const rows = page.locator('.funnel-table tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(3);
    const figures = async () =>
      (await rows.all()).map(async (r) => (await r.locator('td').allTextContents()).slice(0, 3));
    expect(await Promise.all(await figures())).toEqual([
      ['6', '—', '—'],
      ['4', '66.7%', '66.7%'],
      ['3', '75%', '50%'],
    ]);
    const chart = page.getByRole('img', { name: /Customers per step/ });
    await chart.locator('canvas').waitFor();
    expect(await chart.getAttribute('aria-label')).toBe(
      'Customers per step: Landing page 6, Checkout 4, Order Completed 3.',
    );

    // Shoppers 4 and 5 landed but never started a checkout.
    await page.getByRole('button', { name: 'Dropped off here before Checkout' }).click();
    const drop = page.getByRole('region', { name: 'Dropped off before Checkout' });
    await expect
      .poll(() => drop.locator('.list-status').textContent(), { timeout: 20_000 })
      .toBe('1–2 of 2 customers');
    const links = drop.locator('.funnel-drop-table tbody th a');
    expect((await links.allTextContents()).sort()).toEqual([
      'shopper-4@example.com',
      'shopper-5@example.com',
    ]);
    expect(await links.first().getAttribute('href')).toMatch(/^\/customers\/cus_/);
    // Shopper 5 did nothing more; shopper 4 went on to the pricing page.
    expect(await drop.locator('.funnel-next-table tbody').textContent()).toContain('Nothing more');
    await settle(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-funnel.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('puts the attribution models side by side', async () => {
    const page = await signIn('owner@example.com');
    await page.goto(`${srv.url}/journeys/${journeyId}/analysis`);
    await openTab(page, 'Attribution');
    expect(new URL(page.url()).searchParams.get('tab')).toBe('attribution');
    const ads = page.locator('.attribution-table tbody tr[data-key="ads"]');
    await ads.waitFor({ timeout: 20_000 });
    // Every conversion began on the landing page (ads); every one ended on checkout (web).
    expect(await ads.locator('td[data-model="first"]').textContent()).toBe('3');
    expect(await ads.locator('td[data-model="last"]').textContent()).toBe('0');
    const web = page.locator('.attribution-table tbody tr[data-key="web"]');
    expect(await web.locator('td[data-model="last"]').textContent()).toBe('3');
    const kpis = page.getByRole('region', { name: 'Attribution totals' });
    expect(await kpis.locator('.kpi dd').first().textContent()).toBe('3');

    // The value toggle shows the revenue the models credit instead.
    await page.getByRole('radio', { name: 'Value' }).check();
    await expect.poll(() => ads.locator('td[data-model="first"]').textContent()).toBe('150');
    await page.locator('.insight-chart canvas').first().waitFor();
    await settle(page);
    await page.screenshot({
      path: path.join(ARTIFACTS, 'analysis-attribution.png'),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lets a viewer read the conformance but not add candidates to the map', async () => {
    const page = await signIn('viewer@example.com');
    await page.goto(`${srv.url}/journeys/${journeyId}?conformance=1`);
    const section = page.getByRole('region', { name: 'Conformance to the map' });
    await expect
      .poll(() => section.locator('.kpi dd').first().textContent(), { timeout: 20_000 })
      .toBe('6');
    // The candidate is listed, the card badges shown; the editing action is not there.
    await section
      .locator('.unmatched-table tbody tr', { hasText: 'track Newsletter Signup' })
      .waitFor();
    expect(await page.locator('.tp-card .tp-conformance').count()).toBe(3);
    expect(await page.getByRole('button', { name: /^Add to map/ }).count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows conformance on the map and adds a missing touchpoint from a candidate', async () => {
    const page = await signIn('owner@example.com');
    page.on('dialog', (dialog) => void dialog.accept());
    await page.goto(`${srv.url}/journeys/${journeyId}`);
    const toggle = page.getByRole('button', { name: 'Conformance' });
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    expect(new URL(page.url()).searchParams.get('conformance')).toBe('1');

    const pricing = page.locator('.tp-card', { hasText: 'Pricing page' });
    await expect
      .poll(() => pricing.locator('.tp-conformance').textContent(), { timeout: 20_000 })
      .toContain('Skip 40%');
    const landing = page.locator('.tp-card', { hasText: 'Landing page' });
    expect(await landing.locator('.tp-conformance').textContent()).toContain('Back in 1 · out 0');
    const section = page.getByRole('region', { name: 'Conformance to the map' });
    expect(await section.locator('.kpi dd').allTextContents()).toEqual(['6', '0.90']);

    const candidate = section.locator('.unmatched-table tbody tr', {
      hasText: 'track Newsletter Signup',
    });
    expect(await candidate.locator('td').allTextContents()).toEqual(
      expect.arrayContaining(['4', '2']),
    );
    await section.locator('.insight-chart canvas').waitFor();
    expect(await section.getByRole('img', { name: /^Fitness of 6 customers/ }).count()).toBe(1);
    await settle(page);
    await page.screenshot({ path: path.join(ARTIFACTS, 'map-conformance.png'), fullPage: true });

    // The flag stays in the address across a reload.
    await page.reload();
    await expect
      .poll(() => page.getByRole('button', { name: 'Conformance' }).getAttribute('aria-pressed'))
      .toBe('true');

    // "Add to map" opens the touchpoint form with the candidate's name and rule.
    await page
      .getByRole('button', { name: 'Add to map for track Newsletter Signup' })
      .click({ timeout: 20_000 });
    const panel = page.getByRole('dialog', { name: 'New touchpoint' });
    expect(await panel.getByLabel('Name', { exact: true }).inputValue()).toBe('Newsletter Signup');
    expect(await panel.getByLabel('Event or page name').inputValue()).toBe('Newsletter Signup');
    await panel.getByRole('button', { name: 'Add touchpoint' }).click();
    await page.locator('.tp-card', { hasText: 'Newsletter Signup' }).waitFor();
    const map = await api(`/api/journeys/${journeyId}`);
    const added = map.body.touchpoints.find(
      (t: { name: string }) => t.name === 'Newsletter Signup',
    );
    expect(added.matchRules).toEqual([{ type: 'track', event: 'Newsletter Signup' }]);
    // It is no longer a candidate.
    await expect
      .poll(() => section.getByText('track Newsletter Signup').count(), { timeout: 20_000 })
      .toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('stays usable at tablet width', async () => {
    const page = await signIn('owner@example.com');
    await page.setViewportSize({ width: 820, height: 1100 });
    await page.goto(`${srv.url}/journeys/${journeyId}/analysis?tab=attribution`);
    await page.locator('.attribution-table tbody tr').first().waitFor({ timeout: 20_000 });
    // Nothing of the page runs off to the side: only tables scroll within their own box.
    const overflow = await page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBe(0);
    await page.screenshot({ path: path.join(ARTIFACTS, 'analysis-tablet.png'), fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
