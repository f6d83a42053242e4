import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runStoreContract } from '../../contract.ts';
import { DuckDbStore } from './store.ts';

runStoreContract('duckdb (file)', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'waymark-store-'));
  const store = await DuckDbStore.open(path.join(dir, 'test.duckdb'));
  return {
    store,
    dispose: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
