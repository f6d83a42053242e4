/**
 * Times the touchpoint metrics of one journey over 1M and 10M synthetic events in DuckDB.
 *
 *   npm run bench:metrics                      # 1M and 10M events
 *   npm run bench:metrics -- --sizes 1e6       # only 1M
 *   npm run bench:metrics -- --keep /tmp/wm    # keep (and reuse) the generated files there
 *
 * Prints figures; it is not a test. The target is ≤ 1 s for one journey over 10M events.
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
    runs: { type: 'string', default: '5' },
    keep: { type: 'string' },
  },
});
const sizes = args.sizes.split(',').map((s) => Math.round(Number(s)));
const runs = Math.max(1, Number(args.runs));
const DAYS = 180;
/** The data ends at a fixed instant so that kept files give the same figures on every run. */
const END = new Date('2026-01-01T00:00:00Z');
const TARGET_MS = 1000;

interface Prepared {
  file: string;
  workspaceId: string;
  journeyId: string;
  buildMs: number | null;
}

async function prepare(dir: string, events: number): Promise<Prepared> {
  const file = path.join(dir, `metrics-${events}.duckdb`);
  const reuse = existsSync(file);
  const t0 = performance.now();
  const store = await DuckDbStore.open(file);
  try {
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
    return {
      file,
      workspaceId: workspace.id,
      journeyId: journey.id,
      buildMs: reuse ? null : performance.now() - t0,
    };
  } finally {
    await store.close();
  }
}

interface Timing {
  events: number;
  customers: number;
  buildMs: number | null;
  coldMs: number;
  warm: number[];
  unmatched: number;
  conversions: number;
}

async function measure(p: Prepared, events: number): Promise<Timing> {
  // Cold: a freshly opened database, its buffer cache empty (the OS page cache may be warm).
  const store = await DuckDbStore.open(p.file);
  try {
    const query = {
      journeyId: p.journeyId,
      from: new Date(END.getTime() - DAYS * 86_400_000),
      to: END,
    };
    let t = performance.now();
    const report = (await store.touchpointMetrics(p.workspaceId, query))!;
    const coldMs = performance.now() - t;
    const warm: number[] = [];
    for (let i = 0; i < runs; i++) {
      t = performance.now();
      await store.touchpointMetrics(p.workspaceId, query);
      warm.push(performance.now() - t);
    }
    return {
      events,
      customers: report.journey.customers,
      buildMs: p.buildMs,
      coldMs,
      warm,
      unmatched: report.journey.unmatchedEvents,
      conversions: report.journey.conversions,
    };
  } finally {
    await store.close();
  }
}

const dir = args.keep ?? mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-metrics-'));
mkdirSync(dir, { recursive: true });
console.log(`Touchpoint metrics, one journey (ecommerce-retail, 26 touchpoints), DuckDB`);
console.log(`Machine: ${describeMachine()}`);
console.log(`Data: ${dir}${args.keep ? ' (kept)' : ' (removed at the end)'}\n`);
const results: Timing[] = [];
try {
  for (const n of sizes) {
    const prepared = await prepare(dir, n);
    if (prepared.buildMs !== null) {
      console.log(`built ${fmtInt(n)} events in ${fmtMs(prepared.buildMs)}`);
    }
    results.push(await measure(prepared, n));
  }
} finally {
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
}
console.log('');
printTable(
  [
    'events',
    'customers',
    'unmatched',
    'conversions',
    'cold',
    `warm (median of ${runs})`,
    'warm min',
    'target',
  ],
  results.map((r) => {
    const warm = median(r.warm);
    return [
      fmtInt(r.events),
      fmtInt(r.customers),
      fmtInt(r.unmatched),
      fmtInt(r.conversions),
      fmtMs(r.coldMs),
      fmtMs(warm),
      fmtMs(Math.min(...r.warm)),
      r.events >= 10_000_000 ? (warm <= TARGET_MS ? 'met (≤ 1 s)' : 'MISSED (≤ 1 s)') : '',
    ];
  }),
);
