/**
 * A look at the web app as a person sees it: signs in with the demo's API key, opens the demo
 * journey map, checks that its lanes, cards and figures are there, and saves a screenshot.
 *
 *   node bin/waymark.js serve --data-dir /tmp/wm-web --port 4600 &
 *   npm run smoke --workspace web -- --url http://127.0.0.1:4600 --data-dir /tmp/wm-web
 *
 * Uses the system's Chromium (`apt-get install chromium`; override with CHROMIUM_PATH); nothing is
 * downloaded. Exits non-zero when a check fails or the page logs an error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values } = parseArgs({
  options: {
    url: { type: 'string', default: 'http://127.0.0.1:4600' },
    'data-dir': { type: 'string', default: './data' },
    out: { type: 'string' },
    width: { type: 'string', default: '1440' },
    height: { type: 'string', default: '1000' },
  },
});
const dataDir = values['data-dir'] ?? './data';
const out = values.out ?? path.join(dataDir, 'map.png');
const demo = JSON.parse(readFileSync(path.join(dataDir, 'demo.json'), 'utf8')) as {
  apiKey: string;
  journeyId: string;
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});

const problems: string[] = [];
const check = (ok: boolean, what: string) => {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) problems.push(what);
};

try {
  const page = await browser.newPage({
    viewport: { width: Number(values.width), height: Number(values.height) },
  });
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('console', (msg) => {
    // The signed-out check answers 401 by design; the browser logs that as a failed load.
    if (msg.type() === 'error' && !/status of 401/.test(msg.text())) {
      problems.push(`console error: ${msg.text()}`);
    }
  });

  await page.goto(values.url ?? 'http://127.0.0.1:4600', { waitUntil: 'networkidle' });
  await page.getByRole('button', { name: 'Use an API key instead' }).click();
  await page.getByLabel('API key').fill(demo.apiKey);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.getByRole('heading', { name: 'Journeys' }).waitFor();
  check(true, 'signed in with the API key and saw the journey list');

  await page.locator(`a[href="/journeys/${demo.journeyId}"]`).click();
  await page.locator('.tp-card').first().waitFor();
  // Figures arrive after the map: wait until no card is still measuring.
  await page.waitForFunction(() => !document.querySelector('.measured-none'), undefined, {
    timeout: 30_000,
  });
  await page.locator('.funnel-chart svg').waitFor();

  const stages = await page.locator('.stage-name').count();
  const cards = await page.locator('.tp-card').count();
  const measured = await page.locator('.measured-dot').count();
  const lanes = await page.locator('.lane-label-title').allTextContents();
  check(stages > 0, `the map shows ${stages} stages`);
  check(cards > 0, `the map shows ${cards} touchpoint cards`);
  check(measured === cards, 'every card has a measured marker');
  check(
    [
      'Customer actions',
      'Thoughts',
      'Emotion',
      'Touchpoints',
      'Pain points',
      'Opportunities',
    ].every((l) => lanes.includes(l)),
    `the lanes are ${lanes.join(', ')}`,
  );
  check((await page.locator('.emotion-plot path').count()) > 0, 'the emotion curve is drawn');
  const customers = await page.locator('.kpi dd').first().textContent();
  check(/\d/.test(customers ?? ''), `the header shows ${customers} customers`);

  await page.screenshot({ path: out, fullPage: true });
  console.log(`screenshot: ${out}`);
} catch (err) {
  problems.push(`smoke check stopped: ${(err as Error).message}`);
} finally {
  await browser.close();
}

for (const p of problems) console.error(p);
process.exitCode = problems.length > 0 ? 1 : 0;
