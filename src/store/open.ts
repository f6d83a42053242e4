import type { Config } from '../config.ts';
import { DuckDbStore } from './engines/duckdb/store.ts';
import type { EngineName, Store } from './port.ts';

/** Opens the configured engine. Exhaustive: a new engine name fails to compile until handled. */
export async function openStore(config: Pick<Config, 'engine' | 'dbPath'>): Promise<Store> {
  const engine: EngineName = config.engine;
  switch (engine) {
    case 'duckdb':
      return DuckDbStore.open(config.dbPath);
  }
}
