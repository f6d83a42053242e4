import { rmSync } from 'node:fs';
import path from 'node:path';
import { buildApp } from '../../src/server/app.ts';
import { defaultPublicLimits, type PublicLimits } from '../../src/server/rate-limit.ts';
import { DuckDbStore } from '../../src/store/engines/duckdb/store.ts';
import { createWorkspaceWithKeys } from '../../src/store/setup.ts';
import { type TestServer, tempDir } from './server.ts';

export const SURVEY_SECRET = 'survey-test-secret-0123456789-0123456789';

/** A survey test server: a test server whose clock and rate limits the test controls. */
export interface SurveyTestServer extends TestServer {
  /** The server's clock, epoch ms; assign to move time. */
  clock: { now: number };
}

/**
 * Starts the real app on a loopback port over a fresh DuckDB file, with an injected clock (tokens
 * expire and rate limits refill when the test says) and generous rate limits unless given.
 */
export async function startSurveyServer(
  options: { limits?: PublicLimits; now?: number } = {},
): Promise<SurveyTestServer> {
  const dataDir = tempDir('waymark-surveys-');
  const store = await DuckDbStore.open(path.join(dataDir, 'waymark.duckdb'));
  const { workspace, writeKey, apiKey } = await createWorkspaceWithKeys(store, 'Test');
  const clock = { now: options.now ?? Date.UTC(2025, 5, 16, 12, 0, 0) };
  const app = buildApp(
    store,
    { flushIntervalMs: 1, maxBatchEvents: 20_000, logLevel: 'silent' },
    {
      surveys: {
        secret: SURVEY_SECRET,
        now: () => clock.now,
        limits: options.limits ?? defaultPublicLimits(100_000),
      },
    },
  );
  await app.fastify.listen({ port: 0, host: '127.0.0.1' });
  const address = app.fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    store,
    dataDir,
    workspaceId: workspace.id,
    writeKey: writeKey.secret,
    apiKey: apiKey.secret,
    clock,
    close: async () => {
      await app.fastify.close();
      await app.writer.drain();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
