/**
 * Time to interactive of the journey map page: a journey of 60 touchpoints over 1M events, a real
 * server, Debian's Chromium through playwright-core.
 *
 *   npm run bench:map                       # build the data, measure, remove the data
 *   npm run bench:map -- --keep /tmp/wm-map # keep (and reuse) the data directory there
 *   npm run bench:map -- --events 1e5       # another size
 *
 * Prints figures; it is not a test. Needs Chromium (`apt-get install chromium`, or CHROMIUM_PATH)
 * and the built web app (`npm install` builds it).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Page } from 'playwright-core';
import { loadConfig } from '../src/config.ts';
import { hashPassword } from '../src/core/accounts/password.ts';
import type { TTouchpointCreate } from '../src/core/schemas/touchpoint.ts';
import { expandJourneyTemplate, getJourneyTemplate } from '../src/core/templates/index.ts';
import { startServer } from '../src/server/start.ts';
import { DuckDbStore } from '../src/store/engines/duckdb/store.ts';
import { createWorkspaceWithKeys } from '../src/store/setup.ts';
import { describeMachine } from './lib/machine.ts';
import { fmtInt, fmtMs, median } from './lib/stats.ts';
import { insertSyntheticEvents } from './lib/synthetic-events.ts';
import { printTable } from './lib/table.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1e6' },
    runs: { type: 'string', default: '5' },
    keep: { type: 'string' },
  },
});
const EVENTS = Math.round(Number(args.events));
const RUNS = Math.max(1, Number(args.runs));
const DAYS = 180;
const END = new Date('2026-01-01T00:00:00Z');
const EMAIL = 'bench@example.com';
const PASSWORD = 'bench password 1';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOUCHPOINTS = 60;

/**
 * Touchpoints that split the template's traffic more finely, as a team refines its map: product
 * pages by SKU range, category pages, in-store orders by store, emails by campaign. Each goes
 * first in its stage, so it claims its share of events before the template's broader rule.
 */
function extraTouchpoints(stageIds: Map<string, string>, needed: number): TTouchpointCreate[] {
  const consider = stageIds.get('Consider')!;
  const purchase = stageIds.get('Purchase')!;
  const comeBack = stageIds.get('Come back')!;
  const all: TTouchpointCreate[] = [
    ...Array.from({ length: 9 }, (_, i) => ({
      stageId: consider,
      name: `Product pages sku-${i + 1}…`,
      channel: 'web' as const,
      phase: 'during' as const,
      matchRules: [{ path: `/products/sku-${i + 1}*` }],
    })),
    ...['shoes', 'jackets', 'socks', 'bags'].map((c) => ({
      stageId: consider,
      name: `Category: ${c}`,
      channel: 'web' as const,
      phase: 'during' as const,
      matchRules: [{ path: `/collections/${c}` }],
    })),
    ...Array.from({ length: 12 }, (_, i) => ({
      stageId: purchase,
      name: `Store ${i} till`,
      channel: 'in-person' as const,
      phase: 'during' as const,
      matchRules: [
        { event: 'Order Completed', properties: [{ key: 'store_id', value: `store-${i}` }] },
      ],
    })),
    ...Array.from({ length: 40 }, (_, i) => ({
      stageId: comeBack,
      name: `Email campaign cmp-${i}`,
      channel: 'email' as const,
      phase: 'after' as const,
      matchRules: [{ properties: [{ key: 'campaign_id', value: `cmp-${i}` }] }],
    })),
  ];
  return all.slice(0, needed).map((t) => ({ ...t, position: 0 }));
}

async function prepare(dataDir: string): Promise<{ journeyId: string; built: boolean }> {
  const file = path.join(dataDir, 'waymark.duckdb');
  const built = !existsSync(file);
  const store = await DuckDbStore.open(file);
  try {
    if (built) {
      const { workspace } = await createWorkspaceWithKeys(store, 'bench');
      const blueprint = expandJourneyTemplate(getJourneyTemplate('ecommerce-retail')!);
      const journey = await store.createJourneyFromBlueprint(workspace.id, blueprint);
      const stages = await store.listStages(workspace.id, journey.id);
      const have = (await store.listTouchpoints(workspace.id, journey.id)).length;
      const ids = new Map(stages.map((s) => [s.name, s.id]));
      for (const t of extraTouchpoints(ids, TOUCHPOINTS - have)) {
        await store.createTouchpoint(workspace.id, journey.id, t);
      }
      await insertSyntheticEvents(store, {
        workspaceId: workspace.id,
        events: EVENTS,
        customers: Math.max(1000, Math.round(EVENTS / 100)),
        end: END,
        days: DAYS,
      });
      await store.createUser(
        { email: EMAIL, name: 'Bench', passwordHash: await hashPassword(PASSWORD) },
        { workspaceId: workspace.id, role: 'owner' },
      );
    }
    const workspace = (await store.findWorkspaceByName('bench'))!;
    const journey = (await store.listJourneys(workspace.id))[0]!;
    const count = (await store.listTouchpoints(workspace.id, journey.id)).length;
    if (count !== TOUCHPOINTS)
      throw new Error(`expected ${TOUCHPOINTS} touchpoints, have ${count}`);
    return { journeyId: journey.id, built };
  } finally {
    await store.close();
  }
}

interface Load {
  /** First contentful paint. */
  fcp: number;
  /** All touchpoint cards on screen. */
  cards: number;
  /** Every card shows its measured figures (the metrics query answered and was drawn). */
  figures: number;
  /** End of the last main-thread task of 50 ms or more up to then. */
  lastLongTask: number;
  /** Time to interactive: figures shown and the main thread quiet. */
  tti: number;
  /** A click on a card until its side panel is open. */
  click: number;
}

/** Opens the map page in a fresh tab and times it from navigation start. */
async function loadMap(page: Page, url: string): Promise<Load> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: Array<{ end: number }> };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ end: e.startTime + e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await page
    .locator('.tp-card')
    .nth(TOUCHPOINTS - 1)
    .waitFor({ timeout: 120_000 });
  const cards = await page.evaluate(() => performance.now());
  // A card says "Measuring…" until the metrics arrive and are drawn.
  await page.waitForFunction(
    (n) =>
      document.querySelectorAll('.tp-card').length >= n &&
      document.querySelectorAll('.tp-card .measured-pending').length === 0,
    TOUCHPOINTS,
    { timeout: 600_000, polling: 'raf' },
  );
  const figures = await page.evaluate(() => performance.now());
  // Let tasks still running at that moment finish and be recorded.
  await page.waitForTimeout(500);
  const timing = await page.evaluate(() => {
    const w = window as unknown as { __longTasks: Array<{ end: number }> };
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return { fcp, ends: w.__longTasks.map((t) => t.end) };
  });
  const lastLongTask = Math.max(0, ...timing.ends.filter((e) => e <= figures + 500));
  const t0 = Date.now();
  await page.locator('.tp-card .tp-name').first().click();
  await page.locator('.side-panel').waitFor();
  const click = Date.now() - t0;
  return {
    fcp: timing.fcp,
    cards,
    figures,
    lastLongTask,
    tti: Math.max(figures, lastLongTask),
    click,
  };
}

const dataDir = args.keep ?? mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-map-'));
mkdirSync(dataDir, { recursive: true });
console.log(
  `Journey map time to interactive: ${TOUCHPOINTS} touchpoints, ${fmtInt(EVENTS)} events`,
);
console.log(`Machine: ${describeMachine()}`);
console.log(`Data: ${dataDir}${args.keep ? ' (kept)' : ' (removed at the end)'}\n`);
if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);

try {
  let t = performance.now();
  const { journeyId, built } = await prepare(dataDir);
  if (built) console.log(`built the data in ${fmtMs(performance.now() - t)}`);
  const config = loadConfig({ port: '0', dataDir, demo: 'false', logLevel: 'silent' }, {});
  const server = await startServer(config, () => undefined);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const signIn = await context.newPage();
    await signIn.goto(server.url);
    await signIn.getByLabel('Email').fill(EMAIL);
    await signIn.getByLabel('Password').fill(PASSWORD);
    await signIn.getByRole('button', { name: 'Sign in', exact: true }).click();
    await signIn.getByRole('heading', { name: 'Journeys' }).waitFor();
    await signIn.close();
    const url = `${server.url}/journeys/${journeyId}?from=2025-07-05&to=2026-01-01`;
    const loads: Array<Load & { run: string }> = [];
    // The first load after a start builds the journey's materialized events (docs/benchmarks.md).
    for (let i = 0; i <= RUNS; i++) {
      const page = await context.newPage();
      t = performance.now();
      loads.push({ run: i === 0 ? 'first (cold)' : `warm ${i}`, ...(await loadMap(page, url)) });
      await page.close();
    }
    printTable(
      ['load', 'FCP', 'cards drawn', 'figures shown', 'last long task', 'TTI', 'click → panel'],
      loads.map((l) => [
        l.run,
        fmtMs(l.fcp),
        fmtMs(l.cards),
        fmtMs(l.figures),
        fmtMs(l.lastLongTask),
        fmtMs(l.tti),
        fmtMs(l.click),
      ]),
    );
    const warm = loads.slice(1);
    console.log(
      `\nTTI warm: median ${fmtMs(median(warm.map((l) => l.tti)))}, ` +
        `best ${fmtMs(Math.min(...warm.map((l) => l.tti)))}; cold ${fmtMs(loads[0]!.tti)}`,
    );
  } finally {
    await browser.close();
    await server.close();
  }
} finally {
  if (!args.keep) rmSync(dataDir, { recursive: true, force: true });
}
