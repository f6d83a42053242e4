import { readFileSync, writeFileSync } from 'node:fs';
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

describe.skipIf(Boolean(browserMissing))('map export and journey import in Chromium', () => {
  let srv: TestServer;
  let browser: Browser;
  const errors: string[] = [];

  beforeAll(async () => {
    srv = await startTestServer();
    await createTestUser(srv, 'owner@example.com', 'owner');
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.close();
  });

  /** Clicks an export format and returns the downloaded file's name and bytes. */
  async function exportAs(page: Page, label: string) {
    await page.getByRole('button', { name: 'Export' }).click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: new RegExp(label) }).click(),
    ]);
    const file = await download.path();
    return { name: download.suggestedFilename(), bytes: readFileSync(file) };
  }

  it('exports the map as PNG, SVG, PDF and a journey file, and the file imports as a new journey', async () => {
    const page = await signInPage(browser, srv, 'owner@example.com', errors);
    await page.getByRole('button', { name: 'Use this template' }).first().click();
    await page.getByLabel('Journey name').fill('Export me');
    await page.getByRole('button', { name: 'Create journey' }).click();
    await page.locator('.tp-card').first().waitFor();
    const batch = Array.from({ length: 35 }, (_, i) => ({
      type: 'track',
      userId: `x-${i}`,
      event: 'Product Viewed',
      timestamp: new Date(Date.now() - 86_400_000 * 3).toISOString(),
    }));
    expect(
      (await call(`${srv.url}/v1/batch`, { auth: basic(srv.writeKey), body: { batch } })).status,
    ).toBe(200);
    await page.reload();
    // The picture carries the measurements: wait until they are on the map.
    await page.locator('.tp-card', { hasText: '35' }).first().waitFor();
    const tpName = (await page.locator('.tp-card .tp-name').first().textContent())?.trim() ?? '';

    const svg = await exportAs(page, 'SVG drawing');
    expect(svg.name).toBe('Export-me.svg');
    const svgText = svg.bytes.toString('utf8');
    expect(svgText.startsWith('<svg')).toBe(true);
    expect(svgText).toContain('Export me');
    if (tpName) expect(svgText).toContain(tpName.slice(0, 12));
    expect(svgText).toContain('Reach 35');

    const png = await exportAs(page, 'PNG image');
    expect(png.name).toBe('Export-me.png');
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');
    writeFileSync(path.join(ARTIFACTS, 'map-export.png'), png.bytes);
    // The PNG is drawn at twice the SVG's size.
    const width = png.bytes.readUInt32BE(16);
    expect(width).toBe(2 * Number(/width="(\d+)"/.exec(svgText)![1]));

    const pdf = await exportAs(page, 'PDF page');
    expect(pdf.bytes.subarray(0, 8).toString('latin1')).toBe('%PDF-1.4');
    expect(pdf.bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(pdf.bytes.toString('latin1')).toContain('/Filter /DCTDecode');

    const json = await exportAs(page, 'Journey file');
    expect(json.name).toBe('Export-me.journey.json');
    const file = JSON.parse(json.bytes.toString('utf8'));
    expect(file.format).toBe('waymark.journey');

    // Import it from the journeys page: a second journey with the same map.
    const originalUrl = page.url().split('?')[0]!;
    await page
      .getByRole('link', { name: /Journeys/ })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Journeys' }).waitFor();
    await page.locator('input[type=file]').setInputFiles({
      name: 'Export-me.journey.json',
      mimeType: 'application/json',
      buffer: json.bytes,
    });
    await page.waitForURL(/\/journeys\/jny_/);
    await page.locator('.tp-card').first().waitFor();
    expect(await page.locator('h1').textContent()).toBe('Export me');
    expect(page.url().split('?')[0]).not.toBe(originalUrl);
    const journeys = await call(`${srv.url}/api/journeys`, { auth: `Bearer ${srv.apiKey}` });
    expect(journeys.body.filter((j: { name: string }) => j.name === 'Export me')).toHaveLength(2);

    // A file that is not a journey file is refused with the field named.
    await page
      .getByRole('link', { name: /Journeys/ })
      .first()
      .click();
    await page.locator('input[type=file]').setInputFiles({
      name: 'bad.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"format":"nope"}'),
    });
    await page.getByRole('alert').filter({ hasText: 'format' }).waitFor();
    expect(errors).toEqual([]);
  });
});
