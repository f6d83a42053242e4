import { execFile } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { readPathFile } from '../src/cli/commands/attribution.ts';
import { discoverLog } from '../src/cli/commands/discover.ts';
import { main } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import { attributePaths } from '../src/core/attribution/attribute-paths.ts';
import { MODEL_NAMES } from '../src/core/attribution/types.ts';
import type { TProcessSummary } from '../src/core/process-mining/discover-process.ts';
import { startServer } from '../src/server/start.ts';
import { openStore } from '../src/store/open.ts';
import { createWorkspaceWithKeys } from '../src/store/setup.ts';
import { tempDir } from './helpers/server.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** The public data sets live beside the project (see shared/data/README.md), never inside it. */
const DATA = path.resolve(ROOT, '../shared/data');
const HAS_DATA = existsSync(DATA);
const SKIP = HAS_DATA ? '' : ` (skipped: ${DATA} is absent; these tests read the public data sets)`;
if (!HAS_DATA) console.warn(`offline-analysis.test.ts${SKIP}`);
const data = (...parts: string[]) => path.join(DATA, ...parts);

const BIN = path.join(ROOT, 'bin/waymark.js');
const exec = promisify(execFile);
/** Runs the real `waymark` binary; resolves with its exit code and output, also on failure. */
async function waymark(args: string[]) {
  try {
    const { stdout, stderr } = await exec(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/**
 * Runs a command in this process, as cli.test.ts does: for usage errors and set-up, where
 * starting a process per call would only add seconds.
 */
async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    isTTY: false,
  });
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir('waymark-offline-');
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * pm4py's exported DFG: n, n activity names, the number of start activities and `index x count`
 * lines, the same for end activities, then `from>to x count` edge lines.
 */
function readDfgFile(file: string) {
  const lines = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .filter((l) => l !== '');
  let at = 0;
  const n = Number(lines[at++]);
  const names = lines.slice(at, at + n);
  at += n;
  const counts = () => {
    const k = Number(lines[at++]);
    const out: Record<string, number> = {};
    for (const l of lines.slice(at, at + k)) {
      const [i, c] = l.split('x');
      out[names[Number(i)]!] = Number(c);
    }
    at += k;
    return out;
  };
  const start = counts();
  const end = counts();
  const edges = lines.slice(at).map((l) => {
    const m = /^(\d+)>(\d+)x(\d+)$/.exec(l)!;
    return { from: names[Number(m[1])]!, to: names[Number(m[2])]!, count: Number(m[3]) };
  });
  return { activities: names, start, end, edges };
}

const edgeSet = (edges: TProcessSummary['edges']) =>
  edges.map((e) => `${e.from} -> ${e.to} x${e.count}`).sort();

/** The running example's CSV rewritten as XES, to check both readers against the same DFG. */
function runningExampleAsXes(): string {
  const rows = readFileSync(data('eventlogs', 'running-example.csv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const byCase = new Map<string, string[][]>();
  for (const r of rows) byCase.set(r[7]!, [...(byCase.get(r[7]!) ?? []), r]);
  const esc = (s: string) => s.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const traces = [...byCase].map(
    ([id, events]) =>
      `  <trace>\n    <string key="concept:name" value="${esc(id)}"/>\n${events
        .map(
          (e) =>
            `    <event>\n      <string key="concept:name" value="${esc(e[1]!)}"/>\n      <date key="time:timestamp" value="${e[3]!.replace(' ', 'T')}"/>\n    </event>`,
        )
        .join('\n')}\n  </trace>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n${traces.join('\n')}\n</log>\n`;
}

describe.skipIf(!HAS_DATA)(`process discovery on the reference event logs${SKIP}`, () => {
  it('gives the running example’s published directly-follows graph, from CSV and from XES', async () => {
    const published = readDfgFile(data('eventlogs', 'running-example.dfg'));
    const xes = path.join(fresh(), 'running-example.xes');
    writeFileSync(xes, runningExampleAsXes());
    const files = [data('eventlogs', 'running-example.csv'), xes];
    // The data set may carry the original XES some day; then it is checked too.
    if (existsSync(data('eventlogs', 'running-example.xes')))
      files.push(data('eventlogs', 'running-example.xes'));
    for (const file of files) {
      const s = await discoverLog(file, {});
      expect(s).toMatchObject({ cases: 6, events: 42, activities: published.activities.length });
      expect(s.start).toEqual(published.start);
      expect(s.end).toEqual(published.end);
      expect(edgeSet(s.edges)).toEqual(edgeSet(published.edges));
    }
  });

  it('counts the cases and events of BPIC 2012 and the help-desk log', async () => {
    const bpic = await discoverLog(data('eventlogs', 'bpic2012.xes.gz'), {});
    expect([bpic.cases, bpic.events]).toEqual([13_087, 262_200]);
    expect(bpic.variants.reduce((s, v) => s + v.count, 0)).toBe(13_087);
    expect(bpic.edges.reduce((s, e) => s + e.count, 0)).toBe(262_200 - 13_087);
    const helpdesk = await discoverLog(data('eventlogs', 'helpdesk.xes.gz'), {});
    expect([helpdesk.cases, helpdesk.events, helpdesk.activities]).toEqual([4_580, 21_348, 14]);
  });
});

/** A second, naive first/last/linear attribution, written from the file format alone. */
function naiveAttribution(text: string) {
  const first: Record<string, number> = {};
  const last: Record<string, number> = {};
  const linear: Record<string, number> = {};
  const add = (m: Record<string, number>, k: string, v: number) => {
    m[k] = (m[k] ?? 0) + v;
  };
  let total = 0;
  for (const line of text.trim().split('\n').slice(1)) {
    const [p, conv] = line.split(';');
    const channels = p!.split(' > ');
    const n = Number(conv);
    total += n;
    add(first, channels[0]!, n);
    add(last, channels.at(-1)!, n);
    for (const c of channels) add(linear, c, n / channels.length);
  }
  return { first, last, linear, total };
}

describe.skipIf(!HAS_DATA)(`attribution on the ChannelAttribution sample data${SKIP}`, () => {
  const file = data('channelattribution', 'Data.csv');

  it('matches an independent first-touch, last-touch and linear count', async () => {
    const naive = naiveAttribution(readFileSync(file, 'utf8'));
    const report = attributePaths(await readPathFile(file));
    const credit = (model: 'first_touch' | 'last_touch' | 'linear') =>
      Object.fromEntries(report.models[model].map((c) => [c.channel, c.conversions]));
    expect(credit('first_touch')).toEqual(
      expect.objectContaining(naive.first as Record<string, unknown>),
    );
    expect(credit('last_touch')).toEqual(
      expect.objectContaining(naive.last as Record<string, unknown>),
    );
    for (const [channel, v] of Object.entries(naive.linear))
      expect(credit('linear')[channel]).toBeCloseTo(v, 6);
    expect(report.totals.conversions).toBe(naive.total);
  });

  it('every model adds up to the total conversions and value, for every Markov order', async () => {
    const paths = await readPathFile(file);
    for (const order of [1, 2, 3]) {
      const report = attributePaths(paths, { markov: { order } });
      for (const model of MODEL_NAMES) {
        const credits = report.models[model];
        expect(credits.reduce((s, c) => s + c.conversions, 0)).toBeCloseTo(
          report.totals.conversions,
          6,
        );
        expect(credits.reduce((s, c) => s + c.value, 0)).toBeCloseTo(report.totals.value, 6);
      }
    }
  });

  it('gives the exact values of the small published Markov example in SOURCE.md', async () => {
    const source = readFileSync(data('channelattribution', 'SOURCE.md'), 'utf8');
    const paths = [...source.matchAll(/"([A-Z](?: > [A-Z])+)"/g)].map((m) => m[1]!);
    expect(paths).toEqual(['A > B > A > B > B > A', 'A > B > B > A > A', 'A > A']);
    const dir = fresh();
    const paths_ = path.join(dir, 'example.csv');
    writeFileSync(
      paths_,
      `path;total_conversions;total_conversion_value;total_null\n${paths.map((p) => `${p};1;0;0`).join('\n')}\n`,
    );
    const res = await waymark(['attribution', '--paths', paths_, '--format', 'json']);
    expect(res.code).toBe(0);
    const markov = JSON.parse(res.stdout).models.markov;
    expect(markov).toEqual([
      { channel: 'A', conversions: expect.closeTo(2, 12), value: 0, removal_effect: 1 },
      { channel: 'B', conversions: expect.closeTo(1, 12), value: 0, removal_effect: 0.5 },
    ]);
  });
});

describe.skipIf(!HAS_DATA)(`waymark attribution and discover on the reference files${SKIP}`, () => {
  it('attribution prints every model per channel as JSON, and as tables', async () => {
    const file = data('channelattribution', 'Data.csv');
    const json = await waymark([
      'attribution',
      '--paths',
      file,
      '--order',
      '2',
      '--format',
      'json',
    ]);
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout);
    expect(Object.keys(out)).toEqual(['models']);
    expect(Object.keys(out.models)).toEqual([...MODEL_NAMES]);
    const naive = naiveAttribution(readFileSync(file, 'utf8'));
    for (const model of MODEL_NAMES) {
      const rows = out.models[model] as Array<Record<string, number | string>>;
      expect(rows).toHaveLength(12);
      for (const row of rows) {
        expect(Object.keys(row)).toEqual(
          model === 'markov'
            ? ['channel', 'conversions', 'value', 'removal_effect']
            : ['channel', 'conversions', 'value'],
        );
      }
      const sum = rows.reduce((s, r) => s + (r.conversions as number), 0);
      expect(sum).toBeCloseTo(naive.total, 6);
    }
    expect(
      Object.fromEntries(
        out.models.first_touch.map((r: { channel: string; conversions: number }) => [
          r.channel,
          r.conversions,
        ]),
      ),
    ).toEqual(naive.first);
    const table = await run(['attribution', '--paths', file]);
    expect(table.stdout).toContain('10000 paths, 12 channels: 19785 conversions');
    expect(table.stdout).toMatch(/^conversions\s+first_touch\s+last_touch/m);
  });

  it('attribution refuses a bad file, naming the line, with a non-zero exit', async () => {
    const dir = fresh();
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'path;total_conversions;total_conversion_value;total_null\na > b;1;2;0\nc;one;0;0\n',
    );
    const res = await run(['attribution', '--paths', bad]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain(`${bad}: line 3: total_conversions must be a number`);
    const wrongSeparator = await run([
      'attribution',
      '--paths',
      data('channelattribution', 'Data.csv'),
      '--separator',
      ',',
    ]);
    expect(wrongSeparator.code).not.toBe(0);
    expect(wrongSeparator.stderr).toContain('line 1: the header must name the columns');
    const badOrder = await run(['attribution', '--paths', bad, '--order', '4']);
    expect(badOrder.stderr).toContain('--order must be 1, 2 or 3');
  });

  it('discover prints the BPIC 2012 summary as JSON in the documented shape', async () => {
    const res = await waymark([
      'discover',
      '--log',
      data('eventlogs', 'bpic2012.xes.gz'),
      '--format',
      'json',
    ]);
    expect(res.code).toBe(0);
    const s = JSON.parse(res.stdout);
    expect(Object.keys(s)).toEqual([
      'cases',
      'events',
      'activities',
      'start',
      'end',
      'edges',
      'variants',
    ]);
    expect(s).toMatchObject({ cases: 13_087, events: 262_200, start: { A_SUBMITTED: 13_087 } });
    expect(Object.keys(s.edges[0])).toEqual(['from', 'to', 'count']);
    expect(Object.keys(s.variants[0])).toEqual(['activities', 'count']);
  });

  it('discover reads CSV logs with named columns and prints a table', async () => {
    const res = await waymark([
      'discover',
      '--log',
      data('eventlogs', 'running-example.csv'),
      '--case',
      'case:concept:name',
      '--activity',
      'Activity',
    ]);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('6 cases, 42 events, 8 activities, 6 variants');
    expect(res.stdout).toMatch(/check ticket\s+decide\s+6/);
    const missing = await run([
      'discover',
      '--log',
      data('eventlogs', 'running-example.csv'),
      '--activity',
      'Step',
    ]);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('line 1: no activity column (looked for Step');
  });
});

describe.skipIf(!HAS_DATA)(`waymark import eventlog${SKIP}`, () => {
  const countEvents = async (dir: string, workspace: string) => {
    const store = await openStore(loadConfig({ dataDir: dir }, {}));
    try {
      const ws = (await store.listWorkspaces()).find((w) => w.name === workspace)!;
      return await store.countEvents(ws.id);
    } finally {
      await store.close();
    }
  };

  it('imports a CSV log into a workspace once, however often it runs', async () => {
    const dir = fresh();
    await run(['workspace', 'create', '--name', 'Claims', '--data-dir', dir]);
    const args = [
      'import',
      'eventlog',
      data('eventlogs', 'running-example.csv'),
      '--workspace',
      'Claims',
      '--data-dir',
      dir,
    ];
    const first = await waymark([...args, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ imported: 42, cases: 6, via: 'database' });
    const again = await run(args);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('imported 42 events of 6 cases');
    expect(await countEvents(dir, 'Claims')).toBe(42);
    const store = await openStore(loadConfig({ dataDir: dir }, {}));
    try {
      const ws = (await store.listWorkspaces())[0]!;
      const events = await store.listEvents(ws.id, { limit: 100, offset: 0 });
      const first3 = events.filter((e) => e.userId === '3').map((e) => e.event);
      expect(first3).toContain('reinitiate request');
      expect(events.find((e) => e.userId === '1')?.properties).toMatchObject({
        'org:resource': expect.any(String),
      });
    } finally {
      await store.close();
    }
  });

  it('goes through the running server that holds the database, still idempotent', async () => {
    const dir = fresh();
    const server = await startServer(
      loadConfig({ port: '0', dataDir: dir, demo: 'false', logLevel: 'silent' }, {}),
      () => undefined,
    );
    try {
      await createWorkspaceWithKeys(server.store, 'Fines');
      const args = [
        'import',
        'eventlog',
        data('eventlogs', 'roadtraffic100traces.xes'),
        '--workspace',
        'Fines',
        '--data-dir',
        dir,
        '--json',
      ];
      const first = await waymark(args);
      expect(first.code).toBe(0);
      expect(JSON.parse(first.stdout)).toMatchObject({ imported: 390, cases: 100, via: 'server' });
      expect((await waymark(args)).code).toBe(0);
      const ws = (await server.store.listWorkspaces()).find((w) => w.name === 'Fines')!;
      await server.store.eventsSettled();
      expect(await server.store.countEvents(ws.id)).toBe(390);
    } finally {
      await server.close();
    }
  });

  it('refuses a log with a bad event and imports nothing', async () => {
    const dir = fresh();
    await run(['workspace', 'create', '--name', 'Bad', '--data-dir', dir]);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, 'case,activity,timestamp\nc1,a,2024-01-01T10:00:00Z\nc1,b,\n');
    const res = await run(['import', 'eventlog', bad, '--workspace', 'Bad', '--data-dir', dir]);
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('line 3: the event has no timestamp');
    expect(await countEvents(dir, 'Bad')).toBe(0);
  });
});
