import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, browserMissing, launchBrowser } from '../helpers/browser.ts';
import { basic, call } from '../helpers/server.ts';
import { type SurveyTestServer, startSurveyServer } from '../helpers/survey-server.ts';

/**
 * The hosted survey page (with and without JavaScript, on a phone-sized screen) and the widget
 * embedded in a page served by a second loopback server, so that it runs cross-origin exactly as
 * on a customer's site.
 */
describe.skipIf(Boolean(browserMissing))('surveys in Chromium', () => {
  let srv: SurveyTestServer;
  let site: Server;
  let siteUrl: string;
  let browser: Browser;
  let csatId: string;
  let npsId: string;
  const errors: string[] = [];

  const api = (p: string, body?: unknown) =>
    call(`${srv.url}${p}`, { auth: `Bearer ${srv.apiKey}`, body });

  beforeAll(async () => {
    srv = await startSurveyServer();
    const j = await api('/api/journeys/from-template', { template: 'ecommerce-retail' });
    const tps = (await api(`/api/journeys/${j.body.id}`)).body.touchpoints as Array<{
      id: string;
      name: string;
    }>;
    const after = tps.find((t) => t.name === 'Post-delivery survey')!;
    const help = tps.find((t) => t.name === 'Support chat')!;
    csatId = (
      await api('/api/surveys', {
        touchpointId: after.id,
        name: 'How did we do?',
        kind: 'csat',
        followUps: [{ id: 'what_went_wrong', minScore: 1, maxScore: 3, text: 'What went wrong?' }],
      })
    ).body.id;
    npsId = (
      await api('/api/surveys', {
        touchpointId: help.id,
        name: 'Quick question',
        kind: 'nps',
        followUps: [{ id: 'why', minScore: 0, maxScore: 6, text: 'What could we do better?' }],
      })
    ).body.id;
    await call(`${srv.url}/v1/batch`, {
      auth: basic(srv.writeKey),
      body: {
        batch: [
          { type: 'identify', userId: 'ann', traits: { email: 'ann@example.com' } },
          { type: 'identify', userId: 'ben' },
        ],
      },
    });

    // The customer's website: another origin (another port) that embeds the widget.
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Shop</title>
<script>document.cookie = 'ajs_anonymous_id=' + encodeURIComponent('"anon-browser-1"') + '; path=/';</script>
</head><body><h1>Thanks for your order</h1>
<script src="${srv.url}/widget.js" data-write-key="${srv.writeKey}" data-survey="${npsId}" async></script>
</body></html>`);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const address = site.address();
    siteUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => site?.close(resolve));
    await srv?.close();
  });

  it('answers the hosted page with JavaScript: the follow-up appears for a low score', async () => {
    const link = await api(`/api/surveys/${csatId}/links`, { userId: 'ann' });
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(link.body.url);
    await page.getByRole('heading', { name: 'How did we do?' }).waitFor();
    const followUp = page.getByLabel(/What went wrong\?/);
    expect(await followUp.isVisible()).toBe(false);
    await page.getByRole('radio', { name: '2', exact: true }).check();
    await followUp.waitFor({ state: 'visible' });
    await followUp.fill('The box was crushed.');
    await page.screenshot({ path: path.join(ARTIFACTS, 'survey-page-mobile.png'), fullPage: true });
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you for your feedback!').waitFor();
    // No horizontal scrolling on a phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await context.close();

    const responses = await call(`${srv.url}/api/surveys/${csatId}/responses`, {
      auth: `Bearer ${srv.apiKey}`,
    });
    expect(responses.body.items[0]).toMatchObject({
      score: 2,
      answers: { score: 2, what_went_wrong: 'The box was crushed.' },
      channel: 'link',
    });
    expect(errors).toEqual([]);
  });

  it('answers the hosted page without JavaScript, from a pre-selected email score', async () => {
    // The server's clock stands still unless moved: a minute later, so that this answer is the
    // newest in the list (which orders by time).
    srv.clock.now += 60_000;
    const snippet = await api(`/api/surveys/${csatId}/email-snippet`, {
      userId: 'ben',
      force: true,
    });
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(snippet.body.scoreLinks[3].url);
    expect(await page.getByRole('radio', { name: '4', exact: true }).isChecked()).toBe(true);
    // Every follow-up is shown, labelled with its band, when no script can hide it.
    await page.getByLabel(/What went wrong\? \(if you chose 1–3\)/).fill('Nothing really');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you for your feedback!').waitFor();
    await context.close();
    const responses = await call(`${srv.url}/api/surveys/${csatId}/responses`, {
      auth: `Bearer ${srv.apiKey}`,
    });
    expect(responses.body.items[0]).toMatchObject({
      score: 4,
      channel: 'email',
      comment: 'Nothing really',
    });
  });

  it("shows the widget on another site, records the answer on the visitor's timeline", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => errors.push(err.message));
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(m.text());
    });
    await page.goto(siteUrl);
    const dialog = page.getByRole('dialog', { name: 'Quick question' });
    await dialog.waitFor();
    // The widget lives in a shadow root: the page's own styles and DOM stay apart.
    expect(await page.evaluate(() => document.querySelectorAll('form').length)).toBe(0);
    await dialog.getByRole('radio', { name: '4', exact: true }).check();
    await dialog.getByLabel('What could we do better?').fill('Answer faster');
    await page.screenshot({ path: path.join(ARTIFACTS, 'survey-widget.png') });
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByText('Thank you for your feedback!').waitFor();
    expect(consoleErrors).toEqual([]);
    expect(errors).toEqual([]);

    const customers = await call(`${srv.url}/api/customers?search=anon-browser-1`, {
      auth: `Bearer ${srv.apiKey}`,
    });
    expect(customers.body.total).toBe(1);
    const events = await call(`${srv.url}/api/customers/${customers.body.items[0].id}/events`, {
      auth: `Bearer ${srv.apiKey}`,
    });
    const responded = events.body.find((e: { event: string }) => e.event === 'Survey Responded');
    expect(responded).toMatchObject({
      anonymousId: 'anon-browser-1',
      value: 4,
      text: 'Answer faster',
      properties: {
        survey_id: npsId,
        delivery: 'widget',
        answers: { score: 4, why: 'Answer faster' },
      },
    });

    // Reloading: answered here, so the widget stays away.
    await page.reload();
    await page.getByRole('heading', { name: 'Thanks for your order' }).waitFor();
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
    await context.close();
  });
});
