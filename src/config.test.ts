import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('defaults to port 4000, ./data and duckdb', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({
      port: 4000,
      engine: 'duckdb',
      dataDir: path.resolve('data'),
      demo: true,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });
  it('reads the environment, and the command line wins over it', () => {
    expect(loadConfig({}, { PORT: '5000', WAYMARK_DATA_DIR: '/tmp/x' })).toMatchObject({
      port: 5000,
      dataDir: '/tmp/x',
    });
    expect(loadConfig({ port: '6000' }, { PORT: '5000' }).port).toBe(6000);
    expect(loadConfig({ demo: 'false' }, {}).demo).toBe(false);
  });
  it('names the option and its variable when a value is invalid', () => {
    expect(() => loadConfig({}, { PORT: 'x' })).toThrow(/--port \/ PORT/);
    expect(() => loadConfig({ engine: 'oracle' }, {})).toThrow(/--engine/);
  });
});
