// Bundles the example with esbuild: React, the widgets library and the app into
// dist/app.js, with vega in a chunk of its own that loads on the first chart.
import { build } from 'esbuild';

await build({
  entryPoints: { app: new URL('src/main.tsx', import.meta.url).pathname },
  outdir: new URL('dist/', import.meta.url).pathname,
  bundle: true,
  format: 'esm',
  splitting: true,
  jsx: 'automatic',
  minify: true,
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'warning',
});
console.log('built examples/react/dist/app.js');
