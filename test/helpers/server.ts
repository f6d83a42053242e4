import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { startServer } from '../../src/server/start.ts';
import type { Store } from '../../src/store/port.ts';
import { createWorkspaceWithKeys } from '../../src/store/setup.ts';

export interface TestServer {
  url: string;
  store: Store;
  dataDir: string;
  workspaceId: string;
  writeKey: string;
  apiKey: string;
  /** Stops the server; `keepData` leaves the data directory for a restart. */
  close: (keepData?: boolean) => Promise<void>;
}

export const tempDir = (prefix = 'waymark-test-') => mkdtempSync(path.join(os.tmpdir(), prefix));

/** Starts a real Waymark server on a free loopback port over a fresh (or given) data directory. */
export async function startTestServer(options: { dataDir?: string } = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? tempDir();
  const config = loadConfig(
    { port: '0', dataDir, demo: 'false', logLevel: 'silent', flushIntervalMs: '1' },
    {},
  );
  const server = await startServer(config, () => undefined);
  const existing = await server.store.findWorkspaceByName('Test');
  const created = existing ? undefined : await createWorkspaceWithKeys(server.store, 'Test');
  return {
    url: server.url,
    store: server.store,
    dataDir,
    workspaceId: created?.workspace.id ?? existing!.id,
    writeKey: created?.writeKey.secret ?? '',
    apiKey: created?.apiKey.secret ?? '',
    close: async (keepData = false) => {
      await server.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export const basic = (writeKey: string) =>
  `Basic ${Buffer.from(`${writeKey}:`).toString('base64')}`;

// Tests read response bodies loosely; each assertion states the shape it expects.
// biome-ignore lint/suspicious/noExplicitAny: parsed JSON of arbitrary shape
type Json = any;

/** A JSON request to the server; returns status and parsed body. */
export async function call(
  url: string,
  init: { method?: string; auth?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.auth) headers.authorization = init.auth;
  let body: string | Blob | undefined;
  if (init.body !== undefined) {
    if (typeof init.body === 'string') body = init.body;
    else if (Buffer.isBuffer(init.body)) body = new Blob([new Uint8Array(init.body)]);
    else body = JSON.stringify(init.body);
    headers['content-type'] ??= 'application/json';
  }
  const res = await fetch(url, { method: init.method ?? (body ? 'POST' : 'GET'), headers, body });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed };
}
