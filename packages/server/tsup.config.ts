import { defineConfig } from 'tsup';

const external = ['pg', 'ajv', 'ajv-formats', 'prom-client', 'yaml', '@spindle/etl', /^fastify/, /^@fastify\//];

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    external,
    shims: true,
  },
  {
    entry: { 'cli/main': 'src/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    external,
  },
]);
