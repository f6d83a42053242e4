/**
 * Ingestion throughput: a real Waymark server (a child process) and, beside it, a bare node:http
 * baseline that only parses the same bodies; a load generator in a third process.
 *
 *   npm run bench:ingest
 *   npm run bench:ingest -- --duration 20 --batch-connections 32 --single-connections 64
 *
 * Measures (a) events/s through POST /v1/batch with 100-event batches and (b) requests/s through
 * POST /v1/track, then stops the server, opens its database and checks that it holds exactly the
 * events that were acknowledged. Prints figures; it is not a test.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DuckDbStore } from '../src/store/engines/duckdb/store.ts';
import type { LoadResult, LoadSpec } from './lib/load-generator.ts';
import { describeMachine } from './lib/machine.ts';
import { fmtInt, quantile } from './lib/stats.ts';
import { printTable } from './lib/table.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    'batch-size': { type: 'string', default: '100' },
    'batch-connections': { type: 'string', default: '64' },
    'single-connections': { type: 'string', default: '512' },
  },
});
const durationS = Number(args.duration);
const warmupS = Number(args.warmup);
const batchSize = Number(args['batch-size']);
const TARGET_EVENTS_PER_S = 100_000;
const TARGET_SINGLE_PER_S = 5_000;
const CLOCK_TICKS_PER_S = 100;

const node = (script: string[], extra: { stdio?: 'pipe' | 'inherit' } = {}) =>
  spawn(process.execPath, ['--import', 'tsx', ...script], {
    cwd: root,
    stdio: ['ignore', 'pipe', extra.stdio ?? 'pipe'],
  });

/** Collects a child's stdout; resolves with it when the child exits with status 0. */
function output(child: ChildProcess): Promise<string> {
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString('utf8');
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString('utf8');
  });
  return new Promise((resolve, reject) =>
    child.once('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`child exited with ${code}: ${err.trim()}`)),
    ),
  );
}

/** First line a child prints on stdout. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString('utf8');
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        child.stdout?.off('data', onData);
        resolve(buf.slice(0, nl));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`child exited early with ${code}`)));
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU seconds (user + system, all threads) a process has used so far, from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return Number.NaN;
  }
}

async function load(spec: Omit<LoadSpec, 'warmupS' | 'durationS'>): Promise<LoadResult> {
  const full: LoadSpec = { ...spec, warmupS, durationS };
  const text = await output(node(['bench/lib/load-generator.ts', JSON.stringify(full)]));
  return JSON.parse(text.trim().split('\n').pop()!) as LoadResult;
}

interface Row {
  target: string;
  server: string;
  result: LoadResult;
  serverCpu: number;
  loopDelay?: { p50: number; p99: number; max: number };
}

/** Reads the next `@@loop-delay` line the probe writes on the server's stderr. */
function loopDelayReader(child: ChildProcess) {
  let buf = '';
  let waiting: ((v: Row['loopDelay']) => void) | undefined;
  child.stderr?.on('data', (c: Buffer) => {
    buf += c.toString('utf8');
    let nl = buf.indexOf('\n');
    while (nl >= 0) {
      const line = buf.slice(0, nl);
      buf = buf.slice(nl + 1);
      if (line.startsWith('@@loop-delay ') && waiting) {
        waiting(JSON.parse(line.slice(13)) as Row['loopDelay']);
        waiting = undefined;
      } else if (line.trim() && !line.startsWith('@@')) {
        process.stderr.write(`  [server] ${line}\n`);
      }
      nl = buf.indexOf('\n');
    }
  });
  return (): Promise<Row['loopDelay']> =>
    new Promise((resolve) => {
      waiting = resolve;
      child.kill('SIGUSR2');
      setTimeout(() => resolve(undefined), 2000);
    });
}

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'waymark-bench-ingest-'));
const children: ChildProcess[] = [];
const rows: Row[] = [];
let acked = 0;
let stored = Number.NaN;
try {
  console.log(
    'Ingestion: Waymark (DuckDB, durable acknowledgement) beside a bare node:http parser',
  );
  console.log(`Machine: ${describeMachine()}`);
  console.log(
    `Load: ${warmupS} s warm-up + ${durationS} s measured per row; batches of ${batchSize} events ` +
      `over ${args['batch-connections']} connections; single events over ${args['single-connections']}.\n`,
  );

  const baseline = node(['bench/lib/baseline-server.ts']);
  children.push(baseline);
  const baselineUrl = `http://127.0.0.1:${(JSON.parse(await firstLine(baseline)) as { port: number }).port}`;

  const server = node([
    '--import',
    './bench/lib/loop-delay-probe.ts',
    'bin/waymark.js',
    'serve',
    '--data-dir',
    dataDir,
    '--port',
    '0',
    '--demo',
    'false',
    '--log-level',
    'warn',
  ]);
  children.push(server);
  const readLoopDelay = loopDelayReader(server);
  const serverJson = path.join(dataDir, 'server.json');
  for (let i = 0; i < 300 && !existsSync(serverJson); i++) await sleep(100);
  const waymarkUrl = (JSON.parse(readFileSync(serverJson, 'utf8')) as { url: string }).url;
  const created = JSON.parse(
    await output(
      node([
        'bin/waymark.js',
        'workspace',
        'create',
        '--name',
        'bench',
        '--json',
        '--data-dir',
        dataDir,
      ]),
    ),
  ) as { workspaceId: string; writeKey: string };

  const phases: Array<{ target: string; mode: LoadSpec['mode']; connections: number }> = [
    { target: 'POST /v1/batch', mode: 'batch', connections: Number(args['batch-connections']) },
    { target: 'POST /v1/track', mode: 'single', connections: Number(args['single-connections']) },
  ];
  for (const phase of phases) {
    for (const [name, url, pid] of [
      ['node:http baseline', baselineUrl, baseline.pid!],
      ['Waymark', waymarkUrl, server.pid!],
    ] as const) {
      const isWaymark = name === 'Waymark';
      if (isWaymark) await readLoopDelay();
      const cpu0 = cpuSeconds(pid);
      const t0 = performance.now();
      const result = await load({
        url,
        mode: phase.mode,
        batchSize,
        connections: phase.connections,
        writeKey: created.writeKey,
      });
      const serverCpu = (cpuSeconds(pid) - cpu0) / ((performance.now() - t0) / 1000);
      const loopDelay = isWaymark ? await readLoopDelay() : undefined;
      if (isWaymark) acked += result.ackedEvents;
      rows.push({ target: phase.target, server: name, result, serverCpu, loopDelay });
      console.log(
        `  ${phase.target} ${name}: ${fmtInt(result.events / result.seconds)} events/s` +
          (result.errors ? `, ${result.errors} errors (${result.firstError})` : ''),
      );
    }
  }

  // Stop the server (it finishes acknowledged writes and closes the database), then count.
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  const store = await DuckDbStore.open(path.join(dataDir, 'waymark.duckdb'));
  try {
    stored = await store.countEvents(created.workspaceId);
  } finally {
    await store.close();
  }
} finally {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
  rmSync(dataDir, { recursive: true, force: true });
}

console.log('');
printTable(
  [
    'endpoint',
    'server',
    'req/s',
    'events/s',
    'p50',
    'p99',
    'errors',
    'server CPU',
    'loadgen CPU',
    'loop delay p99/max',
  ],
  rows.map((r) => {
    const lat = r.result.latencyMs;
    return [
      r.target,
      r.server,
      fmtInt(r.result.requests / r.result.seconds),
      fmtInt(r.result.events / r.result.seconds),
      `${quantile(lat, 0.5).toFixed(1)} ms`,
      `${quantile(lat, 0.99).toFixed(1)} ms`,
      String(r.result.errors),
      `${r.serverCpu.toFixed(2)} cores`,
      `${(r.result.cpuMs / 1000 / (r.result.seconds + warmupS)).toFixed(2)} cores`,
      r.loopDelay ? `${r.loopDelay.p99} / ${r.loopDelay.max} ms` : '',
    ];
  }),
);
const batch = rows.find((r) => r.server === 'Waymark' && r.target === 'POST /v1/batch');
const single = rows.find((r) => r.server === 'Waymark' && r.target === 'POST /v1/track');
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
console.log('');
if (batch) {
  const rate = batch.result.events / batch.result.seconds;
  console.log(
    `batched: ${fmtInt(rate)} events/s, target ≥ ${fmtInt(TARGET_EVENTS_PER_S)}: ${verdict(rate >= TARGET_EVENTS_PER_S)}`,
  );
}
if (single) {
  const rate = single.result.requests / single.result.seconds;
  console.log(
    `single:  ${fmtInt(rate)} req/s, target ≥ ${fmtInt(TARGET_SINGLE_PER_S)}: ${verdict(rate >= TARGET_SINGLE_PER_S)}`,
  );
}
console.log(
  `durability: ${fmtInt(acked)} events acknowledged, ${fmtInt(stored)} stored: ` +
    (acked === stored ? 'equal' : 'DIFFERENT'),
);
if (acked !== stored) process.exitCode = 1;
