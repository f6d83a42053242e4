import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SmtpPeer, WebhookPeer } from './helpers/automation-peers.ts';
import { basic, call, tempDir } from './helpers/server.ts';

/**
 * Pending automation work survives `kill -9`: a server child process is killed while a run waits,
 * and again while a webhook call is in flight; after each restart the pending steps run, and no
 * email or webhook takes effect twice. Real SMTP and HTTP peers; the child ticks every 100 ms and
 * its waits are two seconds long.
 */
const bin = path.resolve('bin/waymark.js');
const dirs: string[] = [];
const children: ChildProcess[] = [];
let smtp: SmtpPeer | undefined;
let hooks: WebhookPeer | undefined;

afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await smtp?.close();
  await hooks?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function startChild(
  dir: string,
  smtpUrl: string,
): Promise<{ child: ChildProcess; url: string }> {
  const info = path.join(dir, 'server.json');
  rmSync(info, { force: true });
  const child = spawn(
    process.execPath,
    [
      bin,
      'serve',
      '--data-dir',
      dir,
      '--port',
      '0',
      '--demo',
      'false',
      '--automation-tick-ms',
      '100',
      '--smtp-url',
      smtpUrl,
      '--retry-base-ms',
      '200',
      '--public-url',
      'http://waymark.test',
    ],
    { stdio: 'ignore' },
  );
  children.push(child);
  for (let i = 0; i < 400 && !existsSync(info); i++) await new Promise((r) => setTimeout(r, 50));
  return { child, url: JSON.parse(readFileSync(info, 'utf8')).url };
}

async function kill(child: ChildProcess) {
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** Polls until `check` returns a value (the servers here run on their own clocks). */
async function until<T>(
  check: () => Promise<T | undefined>,
  what: string,
  ms = 20_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('automation durability', () => {
  it('runs pending steps exactly once after the server is killed with SIGKILL mid-wait and mid-call', async () => {
    smtp = await SmtpPeer.start();
    hooks = await WebhookPeer.start();
    const dir = tempDir();
    dirs.push(dir);
    let server = await startChild(dir, smtp.url);
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
    const { apiKey, writeKey } = JSON.parse(stdout);
    const api = (p: string, body?: unknown) =>
      call(`${server.url}${p}`, { auth: `Bearer ${apiKey}`, body });
    const send = (m: Record<string, unknown>) =>
      call(`${server.url}/v1/${m.type}`, { auth: basic(writeKey), body: m });

    const journey = (
      await api('/api/journeys', { name: 'Shop', goal: { event: 'Order Completed' } })
    ).body.id;
    const stage = (await api(`/api/journeys/${journey}/stages`, { name: 'Buy' })).body.id;
    const order = (
      await api(`/api/journeys/${journey}/touchpoints`, {
        stageId: stage,
        name: 'Order',
        channel: 'web',
        phase: 'during',
        matchRules: [{ event: 'Order Completed' }],
      })
    ).body.id;
    const created = await api('/api/automations', {
      name: 'Thank you',
      enabled: true,
      trigger: { type: 'event', touchpointId: order },
      steps: [
        { type: 'wait', duration: { amount: 2, unit: 'seconds' } },
        { type: 'email', subject: 'Thanks {{traits.name}}', text: 'Order {{event.properties.id}}' },
        { type: 'webhook', url: hooks.url, body: { order: '{{event.properties.id}}' } },
      ],
    });
    expect(created.status).toBe(201);
    const automationId = created.body.id;
    hooks.secret = created.body.webhookSecret;
    const runs = async () =>
      (await api(`/api/automations/${automationId}/runs`)).body.items as Array<{
        id: string;
        status: string;
        triggerKey: string;
      }>;

    // 1. Killed while the run waits: the wait is a row in the database, due in two seconds.
    await send({
      type: 'identify',
      userId: 'ann',
      traits: { email: 'ann@example.com', name: 'Ann' },
    });
    await send({
      type: 'track',
      userId: 'ann',
      event: 'Order Completed',
      properties: { id: 'A1' },
    });
    await until(async () => ((await runs()).length === 1 ? true : undefined), 'the first run');
    await kill(server.child);
    expect(smtp.mails).toHaveLength(0);
    expect(hooks.calls).toHaveLength(0);

    server = await startChild(dir, smtp.url);
    const first = await until(async () => {
      const [r] = await runs();
      return r?.status === 'done' ? r : undefined;
    }, 'the first run to finish');
    expect(smtp.mails.map((m) => m.subject)).toEqual(['Thanks Ann']);
    expect(hooks.calls).toHaveLength(1);
    expect(hooks.calls[0]).toMatchObject({ signed: true, status: 200 });

    // 2. Killed while the webhook call is in flight (the receiver holds it): the step's lease is
    // released at restart and the call made again, with the same Idempotency-Key.
    hooks.hold = true;
    await send({ type: 'identify', userId: 'bo', traits: { email: 'bo@example.com', name: 'Bo' } });
    await send({ type: 'track', userId: 'bo', event: 'Order Completed', properties: { id: 'B1' } });
    await hooks.waitForCalls(2, 20_000);
    await kill(server.child);
    hooks.release();
    server = await startChild(dir, smtp.url);
    await until(async () => {
      const all = await runs();
      return all.length === 2 && all.every((r) => r.status === 'done') ? true : undefined;
    }, 'the second run to finish');

    // Each email went out once; the webhook of the second run was called twice with one key, and
    // the receiver acted once per key.
    expect(smtp.mails.map((m) => m.subject).sort()).toEqual(['Thanks Ann', 'Thanks Bo']);
    expect(hooks.calls).toHaveLength(3);
    expect(hooks.calls.every((c) => c.signed)).toBe(true);
    expect(hooks.calls[1]!.headers['idempotency-key']).toBe(
      hooks.calls[2]!.headers['idempotency-key'],
    );
    expect(hooks.calls[0]!.headers['idempotency-key']).not.toBe(
      hooks.calls[1]!.headers['idempotency-key'],
    );
    expect([...hooks.effects.values()]).toEqual([{ order: 'A1' }, { order: 'B1' }]);
    const detail = (await api(`/api/automation-runs/${first.id}`)).body;
    expect(
      detail.steps.map((s: { type: string; status: string }) => `${s.type}:${s.status}`),
    ).toEqual(['wait:done', 'email:done', 'webhook:done']);
    await kill(server.child);
  }, 90_000);
});
