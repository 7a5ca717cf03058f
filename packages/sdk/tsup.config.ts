import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  // Bundled: its CommonJS build exports the client as `exports.default`, which a
  // CJS build importing it as a default export reads as the whole module.
  noExternal: ['openapi-fetch'],
});
