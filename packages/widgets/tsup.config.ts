import { defineConfig } from 'tsup';

// The library for bundlers: ESM, dependencies left as imports, vega in its own chunk.
export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  splitting: true,
  target: 'es2022',
  platform: 'browser',
  tsconfig: 'tsconfig.json',
});
