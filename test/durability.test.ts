import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { DuckDbStore } from '../src/store/engines/duckdb/store.ts';
import { basic, tempDir } from './helpers/server.ts';

const bin = path.resolve('bin/waymark.js');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startChild(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [bin, 'serve', '--data-dir', dir, '--port', '0', '--demo', 'false'],
    { stdio: 'ignore' },
  );
  const info = path.join(dir, 'server.json');
  for (let i = 0; i < 400 && !existsSync(info); i++) await new Promise((r) => setTimeout(r, 50));
  return { child, url: JSON.parse(readFileSync(info, 'utf8')).url };
}

describe('durability', () => {
  it('keeps every acknowledged event when the server is killed with SIGKILL mid-load', async () => {
    const dir = tempDir();
    dirs.push(dir);
    const { child, url } = await startChild(dir);
    const { stdout } = await promisify(execFile)(process.execPath, [
      bin,
      'workspace',
      'create',
      '--name',
      'Crash',
      '--json',
      '--data-dir',
      dir,
    ]);
    const { workspaceId, writeKey } = JSON.parse(stdout);
    let acked = 0;
    let sent = 0;
    let killed = false;
    const sendOne = async (b: number) => {
      const batch = Array.from({ length: 200 }, (_, i) => ({
        type: i % 50 === 0 ? 'identify' : 'track',
        messageId: `b${b}-${i}`,
        anonymousId: `anon-${(b * 7 + i) % 300}`,
        ...(i % 50 === 0 ? { userId: `user-${b % 40}`, traits: { tier: 'gold' } } : {}),
        event: 'Product Viewed',
        properties: { sku: `sku-${i}`, price: i },
      }));
      sent += batch.length;
      const res = await fetch(`${url}/v1/batch`, {
        method: 'POST',
        headers: { authorization: basic(writeKey), 'content-type': 'application/json' },
        body: JSON.stringify({ batch, sentAt: new Date().toISOString() }),
      }).catch(() => undefined);
      if (res?.status === 200) acked += batch.length;
    };
    // Eight senders keep requests in flight; the server dies while they still send.
    const senders = Array.from({ length: 8 }, async (_, s) => {
      for (let b = s; !killed; b += 8) await sendOne(b);
    });
    while (acked < 20_000) await new Promise((r) => setTimeout(r, 5));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    killed = true;
    await Promise.all(senders);
    await exited;

    // Opening the database loads what the journal still holds.
    const store = await DuckDbStore.open(path.join(dir, 'waymark.duckdb'));
    try {
      const stored = await store.countEvents(workspaceId);
      expect(stored).toBeGreaterThanOrEqual(acked);
      expect(stored).toBeLessThanOrEqual(sent);
      const sample = await store.listEvents(workspaceId, { limit: 5 });
      expect(sample[0]?.properties).toHaveProperty('sku');
    } finally {
      await store.close();
    }
  }, 60_000);
});
