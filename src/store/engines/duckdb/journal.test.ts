import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { normalizeEvent } from '../../../ingest/segment/index.ts';
import type { IncomingEvent } from '../../port.ts';
import { lineOf } from './events.ts';
import { DuckDbStore } from './store.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function event(type: 'track' | 'identify', payload: Record<string, unknown>) {
  const r = normalizeEvent(type, payload, Date.parse('2026-01-02T00:00:00Z'));
  if (!r.ok) throw new Error(r.error.message);
  return r.event;
}

describe('the ingestion journal', () => {
  it('loads what a crashed process left in the journal, dropping a torn last line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-journal-'));
    dirs.push(dir);
    const file = path.join(dir, 'w.duckdb');
    let store = await DuckDbStore.open(file);
    const ws = await store.createWorkspace({ name: 'W' });
    await store.close();

    // What a process that acknowledged these events and then died would leave behind: two
    // complete segments and a third whose last append never completed.
    const e = (type: 'track' | 'identify', p: Record<string, unknown>): IncomingEvent => ({
      workspaceId: ws.id,
      event: event(type, p),
    });
    const first = [
      e('track', { messageId: 'a1', anonymousId: 'anon-1', event: 'Viewed', properties: { p: 1 } }),
      e('identify', {
        messageId: 'a2',
        anonymousId: 'anon-1',
        userId: 'u1',
        traits: { plan: 'pro' },
      }),
    ];
    const raw =
      '{"messageId":"b1","userId":"u1","event":"Bought","properties":{"revenue":5},"context":{"ip":"1"}}';
    const second: IncomingEvent[] = [
      { workspaceId: ws.id, event: event('track', JSON.parse(raw)), raw },
    ];
    const journal = `${file}.journal`;
    mkdirSync(journal, { recursive: true });
    const seg = (lines: IncomingEvent[]) => `${lines.map((l, i) => lineOf(l, i)).join('\n')}\n`;
    writeFileSync(path.join(journal, '000000000001.ndjson'), seg(first));
    writeFileSync(path.join(journal, '000000000002.ndjson'), seg(second));
    const torn = lineOf(e('track', { messageId: 'c2', userId: 'u2', event: 'Lost' }), 1);
    writeFileSync(
      path.join(journal, '000000000003.ndjson'),
      `${seg([e('track', { messageId: 'c1', userId: 'u2', event: 'Kept' })])}${torn.slice(0, 40)}`,
    );

    store = await DuckDbStore.open(file);
    try {
      const events = await store.listEvents(ws.id, { limit: 10 });
      expect(events.map((x) => x.messageId).sort()).toEqual(['a1', 'a2', 'b1', 'c1']);
      expect(events.find((x) => x.messageId === 'b1')?.properties).toEqual({ revenue: 5 });
      // Identity resolution ran in order: the anonymous view belongs to the identified customer.
      const customers = await store.listCustomers(ws.id, {});
      const u1 = customers.items.find((c) => c.identities.some((i) => i.value === 'u1'))!;
      expect(u1.traits).toEqual({ plan: 'pro' });
      expect(
        events
          .filter((x) => x.customerId === u1.id)
          .map((x) => x.messageId)
          .sort(),
      ).toEqual(['a1', 'a2', 'b1']);
      expect(readdirSync(journal)).toEqual([]);
    } finally {
      await store.close();
    }
    // Loading again after a restart changes nothing.
    store = await DuckDbStore.open(file);
    expect(await store.countEvents(ws.id)).toBe(4);
    await store.close();
  });

  it('makes appended events readable by the next read, and keeps them across a restart', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-journal-'));
    dirs.push(dir);
    const file = path.join(dir, 'w.duckdb');
    let store = await DuckDbStore.open(file);
    const ws = await store.createWorkspace({ name: 'W' });
    const many = Array.from({ length: 5000 }, (_, i) => ({
      workspaceId: ws.id,
      event: event('track', { messageId: `m${i}`, userId: `u${i % 50}`, event: 'Viewed' }),
    }));
    await Promise.all([
      store.appendEvents(many.slice(0, 2500)),
      store.appendEvents(many.slice(2500)),
      store.appendEvents(many.slice(0, 100)),
    ]);
    expect(await store.countEvents(ws.id)).toBe(5000);
    expect((await store.listCustomers(ws.id, {})).total).toBe(50);
    await store.close();
    store = await DuckDbStore.open(file);
    expect(await store.countEvents(ws.id)).toBe(5000);
    await store.close();
  });
});
