import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { tempDir } from './helpers/server.ts';

const run = async (args: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: false });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const dirs: string[] = [];
const fresh = () => {
  const d = tempDir('waymark-cli-');
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('waymark CLI', () => {
  it('creates a workspace and prints its id and keys, as JSON for machines', async () => {
    const dir = fresh();
    const res = await run(['workspace', 'create', '--name', 'Acme', '--json', '--data-dir', dir]);
    expect(res.code).toBe(0);
    const created = JSON.parse(res.out);
    expect(created).toMatchObject({
      name: 'Acme',
      workspaceId: expect.stringMatching(/^ws_/),
      writeKey: expect.stringMatching(/^wk_/),
      apiKey: expect.stringMatching(/^ak_/),
    });
    const list = await run(['workspace', 'list', '--data-dir', dir]);
    expect(list.out).toContain('Acme');
  });

  it('lists the touchpoint catalog and journey templates', async () => {
    const tps = await run(['template', 'list', '--json']);
    expect(JSON.parse(tps.out).length).toBeGreaterThanOrEqual(25);
    const service = await run(['template', 'list', '--phase', 'service', '--json']);
    expect(JSON.parse(service.out).every((t: { phase: string }) => t.phase === 'service')).toBe(
      true,
    );
    const bad = await run(['template', 'list', '--phase', 'later']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('--phase');
  });

  it('refuses a file with bad rows, naming their lines, and imports nothing; then imports a good one once', async () => {
    const dir = fresh();
    await run(['workspace', 'create', '--name', 'Shop', '--data-dir', dir]);
    await run([
      'template',
      'apply',
      '--workspace',
      'Shop',
      '--template',
      'ecommerce-retail',
      '--data-dir',
      dir,
    ]);
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'customer_id,event,timestamp,note\nc1,Product Viewed,2026-10-01T10:00:00Z,"multi\nline"\nc2,,2026-10-01T11:00:00Z,x\nc3,Order Completed,not-a-date,y\n',
    );
    const refused = await run(['import', 'events', bad, '--workspace', 'Shop', '--data-dir', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('nothing was imported');
    expect(refused.err).toMatch(/line 4\b.*event/);
    expect(refused.err).toMatch(/line 5\b.*timestamp/);
    const report0 = await run([
      'report',
      'touchpoints',
      '--workspace',
      'Shop',
      '--format',
      'json',
      '--data-dir',
      dir,
      '--from',
      '2026-09-01T00:00:00Z',
      '--to',
      '2026-11-01T00:00:00Z',
    ]);
    expect(JSON.parse(report0.out).journey.customers).toBe(0);

    const good = path.join(dir, 'good.ndjson');
    writeFileSync(
      good,
      [
        { userId: 'c1', event: 'Product Viewed', timestamp: '2026-10-01T10:00:00Z' },
        { userId: 'c1', event: 'Checkout Started', timestamp: '2026-10-01T10:05:00Z' },
        {
          userId: 'c1',
          event: 'Order Completed',
          timestamp: '2026-10-01T10:09:00Z',
          properties: { revenue: 30 },
        },
        { userId: 'c2', event: 'Product Viewed', timestamp: '2026-10-02T10:00:00Z' },
      ]
        .map((e) => JSON.stringify(e))
        .join('\n'),
    );
    const ok = await run([
      'import',
      'events',
      good,
      '--workspace',
      'Shop',
      '--data-dir',
      dir,
      '--json',
    ]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).imported).toBe(4);
    await run(['import', 'events', good, '--workspace', 'Shop', '--data-dir', dir]);
    const report = await run([
      'report',
      'touchpoints',
      '--workspace',
      'Shop',
      '--format',
      'json',
      '--data-dir',
      dir,
      '--from',
      '2026-09-01T00:00:00Z',
      '--to',
      '2026-11-01T00:00:00Z',
    ]);
    const r = JSON.parse(report.out);
    expect(r.journey).toMatchObject({ customers: 2, conversions: 1, conversionValue: 30 });
    expect(
      r.touchpoints.reduce((s: number, t: { volume: number }) => s + t.volume, 0),
    ).toBeLessThanOrEqual(4);
    const csv = await run([
      'report',
      'touchpoints',
      '--workspace',
      'Shop',
      '--format',
      'csv',
      '--data-dir',
      dir,
    ]);
    expect(csv.out.split('\n')[0]).toBe(
      'touchpoint,stage,channel,phase,designed,measured,volume,reach,reach_share,conversion_rate,drop_off_rate,median_hours_to_next',
    );
    const table = await run(['report', 'touchpoints', '--workspace', 'Shop', '--data-dir', dir]);
    expect(table.out).toContain('stage funnel:');
  });

  it('exits non-zero with a clear message on bad usage', async () => {
    expect((await run(['frobnicate'])).err).toContain('unknown command');
    const noName = await run(['workspace', 'create', '--data-dir', fresh()]);
    expect(noName.code).not.toBe(0);
    expect(noName.err).toContain('--name');
    const badPort = await run(['workspace', 'list', '--port', 'abc', '--data-dir', fresh()]);
    expect(badPort.err).toContain('--port');
    const missing = await run([
      'report',
      'touchpoints',
      '--workspace',
      'Nope',
      '--data-dir',
      fresh(),
    ]);
    expect(missing.err).toContain('no workspace "Nope"');
  });

  it('goes through the running server when the server holds the database', async () => {
    const dir = fresh();
    const bin = path.resolve('bin/waymark.js');
    const server: ChildProcess = spawn(
      process.execPath,
      [bin, 'serve', '--data-dir', dir, '--port', '0', '--demo', 'false'],
      { stdio: 'ignore' },
    );
    try {
      for (let i = 0; i < 200 && !existsSync(path.join(dir, 'server.json')); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(existsSync(path.join(dir, 'server.json'))).toBe(true);
      const exec = promisify(execFile);
      const { stdout } = await exec(process.execPath, [
        bin,
        'workspace',
        'create',
        '--name',
        'Live',
        '--json',
        '--data-dir',
        dir,
      ]);
      const created = JSON.parse(stdout);
      const { stdout: applied } = await exec(process.execPath, [
        bin,
        'template',
        'apply',
        '--workspace',
        'Live',
        '--template',
        'subscription-service',
        '--data-dir',
        dir,
      ]);
      expect(applied).toContain('journey jny_');
      const res = await fetch(
        `${JSON.parse((await import('node:fs')).readFileSync(path.join(dir, 'server.json'), 'utf8')).url}/api/journeys`,
        {
          headers: { authorization: `Bearer ${created.apiKey}` },
        },
      );
      expect((await res.json()).length).toBe(1);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    expect(existsSync(path.join(dir, 'server.json'))).toBe(false);
  });
});
