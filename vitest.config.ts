import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Tests run against the sources of sibling packages, not their last build.
  resolve: { alias: { '@spindle/etl': fileURLToPath(new URL('./packages/etl/src/index.ts', import.meta.url)) } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share one PostgreSQL server of 2 cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
