import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const packages = (path: string) => fileURLToPath(new URL(`./packages/${path}`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, not their last build,
    // and share their fixtures through the private @spindle/test-kit workspace.
    alias: [
      { find: /^@spindle\/core$/, replacement: packages('core/src/index.ts') },
      { find: /^@spindle\/core\/(node|store)$/, replacement: packages('core/src/$1.ts') },
      { find: /^@spindle\/etl$/, replacement: packages('etl/src/index.ts') },
      { find: /^@spindle\/etl\/simulate$/, replacement: packages('etl/src/simulate/index.ts') },
      { find: /^@spindle\/server$/, replacement: packages('server/src/index.ts') },
      { find: /^@spindle\/test-kit\/(.*)$/, replacement: packages('test-kit/src/$1.ts') },
    ],
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration tests share one PostgreSQL server of 2 cores: keep parallelism modest.
    maxWorkers: 2,
  },
});
