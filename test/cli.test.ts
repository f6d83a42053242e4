import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../src/server/start.ts';
import { openStore } from '../src/store/open.ts';
import { createWorkspaceWithKeys } from '../src/store/setup.ts';
import { tempDir } from './helpers/server.ts';

const run = async (args: string[], stdin?: string) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (s) => out.push(s),
    err: (s) => err.push(s),
    isTTY: false,
    readStdinLine: async () => (stdin ?? '').split('\n')[0]!,
  });
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

  it('creates a user who can sign in, reading the password from stdin or a file', async () => {
    const dir = fresh();
    await run(['workspace', 'create', '--name', 'Team', '--data-dir', dir]);
    const user = (email: string, extra: string[], stdin?: string) =>
      run(
        [
          'user',
          'create',
          '--email',
          email,
          '--name',
          'Ann',
          '--workspace',
          'Team',
          '--data-dir',
          dir,
          ...extra,
        ],
        stdin,
      );
    const short = await user('ann@team.io', [], 'too short\n');
    expect(short.code).toBe(2);
    expect(short.err).toContain('password');
    const ok = await user('ann@team.io', [], 'correct horse battery\nignored\n');
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^usr_\w+$/);
    const again = await user('ANN@team.io', [], 'correct horse battery\n');
    expect(again.code).toBe(2);
    expect(again.err).toContain('exists');
    const file = path.join(dir, 'pw.txt');
    writeFileSync(file, 'viewer password 1\r\n');
    const viewer = await user('viewer@team.io', [
      '--role',
      'viewer',
      '--password-file',
      file,
      '--json',
    ]);
    expect(JSON.parse(viewer.out)).toMatchObject({ email: 'viewer@team.io' });
    const badRole = await user('x@team.io', ['--role', 'admin', '--password-file', file]);
    expect(badRole.err).toContain('--role');

    const lines: string[] = [];
    const server = await startServer(
      loadConfig({ port: '0', dataDir: dir, demo: 'false', logLevel: 'silent' }, {}),
      (l) => lines.push(l),
    );
    try {
      expect(lines.join('\n')).not.toContain('user create');
      const login = (email: string, password: string) =>
        fetch(`${server.url}/api/auth/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email, password }),
        });
      const res = await login('ann@team.io', 'correct horse battery');
      expect(res.status).toBe(200);
      expect((await res.json()).memberships[0]).toMatchObject({
        workspaceName: 'Team',
        role: 'owner',
      });
      expect((await login('viewer@team.io', 'viewer password 1')).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('prints how to create the first owner while nobody can sign in', async () => {
    const dir = fresh();
    const lines: string[] = [];
    const server = await startServer(
      loadConfig({ port: '0', dataDir: dir, demo: 'false', logLevel: 'silent' }, {}),
      (l) => lines.push(l),
    );
    await server.close();
    const text = lines.join('\n');
    expect(text).toContain(`waymark workspace create --name 'My company' --data-dir ${dir}`);
    expect(text).toContain(
      `| waymark user create --email you@example.com --name 'Your Name' --workspace 'My company' --data-dir ${dir}`,
    );
  });

  it('gives the demo workspace a first owner with a random password kept in demo.json', async () => {
    const dir = fresh();
    const store = await openStore(loadConfig({ dataDir: dir }, {}));
    const demo = await createWorkspaceWithKeys(store, 'Demo', { isDemo: true });
    await store.close();
    const demoFile = path.join(dir, 'demo.json');
    writeFileSync(
      demoFile,
      JSON.stringify({
        workspaceId: demo.workspace.id,
        journeyId: 'jny_x',
        apiKey: demo.apiKey.secret,
        writeKey: '',
      }),
    );
    const lines: string[] = [];
    const server = await startServer(
      loadConfig({ port: '0', dataDir: dir, demo: 'false', logLevel: 'silent' }, {}),
      (l) => lines.push(l),
    );
    try {
      const info = JSON.parse(readFileSync(demoFile, 'utf8'));
      expect(info.ownerEmail).toBe('owner@demo.local');
      expect(info.ownerPassword.length).toBeGreaterThanOrEqual(20);
      expect(lines.join('\n')).toContain(`as owner@demo.local with password ${info.ownerPassword}`);
      const res = await fetch(`${server.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'owner@demo.local', password: info.ownerPassword }),
      });
      expect((await res.json()).memberships).toEqual([
        { workspaceId: demo.workspace.id, workspaceName: 'Demo', role: 'owner' },
      ]);
    } finally {
      await server.close();
    }
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

      // The password goes in on stdin, and through the server, which holds the database.
      const child = spawn(
        process.execPath,
        [
          bin,
          'user',
          'create',
          '--email',
          'live@x.io',
          '--name',
          'Live',
          '--workspace',
          'Live',
          '--data-dir',
          dir,
        ],
        { stdio: ['pipe', 'pipe', 'pipe'] },
      );
      child.stdin!.end('live password 123\n');
      let userOut = '';
      child.stdout!.on('data', (c: Buffer) => {
        userOut += c.toString();
      });
      expect(await new Promise((r) => child.once('exit', r))).toBe(0);
      expect(userOut.trim()).toMatch(/^usr_/);
      const url = JSON.parse(readFileSync(path.join(dir, 'server.json'), 'utf8')).url;
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'live@x.io', password: 'live password 123' }),
      });
      expect(login.status).toBe(200);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
    expect(existsSync(path.join(dir, 'server.json'))).toBe(false);
  });
});
