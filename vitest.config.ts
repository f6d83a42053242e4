import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The web app's pure modules (chart options, layouts) are tested here too.
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
