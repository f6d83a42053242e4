/**
 * Times the journey analytics (paths, funnels, attribution, conformance) over 1M and 10M synthetic
 * events in DuckDB, through the store methods the API calls.
 *
 *   npm run bench:analytics                          # 1M and 10M events
 *   npm run bench:analytics -- --sizes 1e6           # only 1M
 *   npm run bench:analytics -- --keep /tmp/wm-bench  # reuse the files bench:metrics keeps there
 *
 * Prints figures; it is not a test. Targets (issue 4): directly-follows graph and top paths
 * ≤ 1.5 s, a 5-step funnel ≤ 0.5 s, Markov order-1 attribution end to end ≤ 3 s, at 10M events.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { expandJourneyTemplate, getJourneyTemplate } from '../src/core/templates/index.ts';
import { DuckDbStore } from '../src/store/engines/duckdb/store.ts';
import { createWorkspaceWithKeys } from '../src/store/setup.ts';
import { describeMachine } from './lib/machine.ts';
import { fmtInt, fmtMs, median } from './lib/stats.ts';
import { insertSyntheticEvents } from './lib/synthetic-events.ts';
import { printTable } from './lib/table.ts';

const { values: args } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1e6,1e7' },
    runs: { type: 'string', default: '3' },
    keep: { type: 'string' },
  },
});
const sizes = args.sizes.split(',').map((s) => Math.round(Number(s)));
const runs = Math.max(1, Number(args.runs));
const DAYS = 180;
const END = new Date('2026-01-01T00:00:00Z');

/** The same file layout as bench/metrics.ts, so that either script reuses the other's data. */
async function openData(dir: string, events: number) {
  const file = path.join(dir, `metrics-${events}.duckdb`);
  const reuse = existsSync(file);
  const store = await DuckDbStore.open(file);
  if (!reuse) {
    const { workspace } = await createWorkspaceWithKeys(store, 'bench');
    const blueprint = expandJourneyTemplate(getJourneyTemplate('ecommerce-retail')!);
    await store.createJourneyFromBlueprint(workspace.id, blueprint);
    await insertSyntheticEvents(store, {
      workspaceId: workspace.id,
      events,
      customers: Math.max(1000, Math.round(events / 100)),
      end: END,
      days: DAYS,
    });
  }
  const workspace = (await store.findWorkspaceByName('bench'))!;
  const journey = (await store.listJourneys(workspace.id))[0]!;
  const touchpoints = await store.listTouchpoints(workspace.id, journey.id);
  return { store, workspaceId: workspace.id, journeyId: journey.id, touchpoints };
}

interface Row {
  events: number;
  query: string;
  first: number;
  warm: number[];
  target?: number;
  check: string;
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const out = await fn();
  return [performance.now() - t, out];
}

const dir = args.keep ?? mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-analytics-'));
mkdirSync(dir, { recursive: true });
console.log('Journey analytics, one journey (ecommerce-retail, 26 touchpoints), DuckDB');
console.log(
  `Machine: ${describeMachine()}; load average ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
console.log(`Data: ${dir}${args.keep ? ' (kept)' : ' (removed at the end)'}\n`);
const rows: Row[] = [];
try {
  for (const n of sizes) {
    const t0 = performance.now();
    const d = await openData(dir, n);
    console.log(`opened ${fmtInt(n)} events in ${fmtMs(performance.now() - t0)}`);
    try {
      const range = { from: new Date(END.getTime() - DAYS * 86_400_000), to: END };
      // The template's path to a purchase, five touchpoints (a strict funnel takes one kind).
      const byName = (name: string) => d.touchpoints.find((t) => t.name === name)!.id;
      const steps = [
        { touchpointId: byName('Categories and search') },
        { touchpointId: byName('E-commerce product pages') },
        { touchpointId: byName('Shopping cart') },
        { touchpointId: byName('Checkout and payment') },
        { touchpointId: byName('Order confirmation and thank-you email') },
      ];
      const cases: Array<{
        query: string;
        target?: number;
        run: () => Promise<string>;
      }> = [
        {
          query: 'paths: DFG + top 20 variants',
          target: 1500,
          run: async () => {
            const r = (await d.store.journeyPaths(d.workspaceId, d.journeyId, {
              ...range,
              goal: 'any',
              level: 'touchpoint',
              collapseRepeats: true,
              sessionGapMinutes: null,
              variants: 20,
            }))!;
            return `${fmtInt(r.sequences)} sequences, ${r.edges.length} edges`;
          },
        },
        ...(['loose', 'strict'] as const).map((order) => ({
          query: `funnel: 5 steps, ${order}`,
          target: 500,
          run: async () => {
            const r = (await d.store.journeyFunnel(d.workspaceId, d.journeyId, {
              ...range,
              goal: 'any',
              steps,
              windowDays: 30,
              order,
            }))!;
            return r.steps.map((s) => fmtInt(s.customers)).join(' → ');
          },
        })),
        {
          query: 'attribution: all models, Markov order 1',
          target: 3000,
          run: async () => {
            const r = (await d.store.journeyAttribution(d.workspaceId, d.journeyId, {
              ...range,
              by: 'channel',
              lookbackDays: 30,
              halfLifeDays: 7,
              position: [0.4, 0.2, 0.4],
              markovOrder: 1,
            }))!;
            return `${fmtInt(r.totals.conversions)} conversions, ${fmtInt(r.totals.distinctPaths)} paths`;
          },
        },
        {
          query: 'conformance',
          run: async () => {
            const r = (await d.store.journeyConformance(d.workspaceId, d.journeyId, {
              ...range,
              top: 20,
            }))!;
            return `${fmtInt(r.customers)} customers, fitness ${r.meanFitness?.toFixed(3)}`;
          },
        },
      ];
      for (const c of cases) {
        const [first, check] = await time(c.run);
        const warm: number[] = [];
        for (let i = 0; i < runs; i++) warm.push((await time(c.run))[0]);
        rows.push({ events: n, query: c.query, first, warm, target: c.target, check });
        console.log(`  ${c.query}: first ${fmtMs(first)}, warm median ${fmtMs(median(warm))}`);
      }
    } finally {
      await d.store.close();
    }
  }
} finally {
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
console.log('');
printTable(
  ['events', 'query', 'first call', `warm (median of ${runs})`, 'target', 'answer'],
  rows.map((r) => {
    const warm = median(r.warm);
    const target =
      r.target === undefined || r.events < 10_000_000
        ? ''
        : `${warm <= r.target ? 'met' : 'MISSED'} (≤ ${fmtMs(r.target)})`;
    return [fmtInt(r.events), r.query, fmtMs(r.first), fmtMs(warm), target, r.check];
  }),
);
