// The self-contained build a portal loads with one <script type="module">:
// everything inlined, vega split into a chunk loaded on first draw.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { minifyTemplatesPlugin } from './minify-templates.mjs';

// vega's transform packages, each built as one file that defines every transform:
// bundled from their ES sources, marked free of side effects, so only the
// transforms src/chart/vega-runtime.ts registers are kept (about 19 KB less).
const TRANSFORM_PACKAGES = /^vega-(transforms|view-transforms|encode|statistics)$/;
const INSIDE_THEM = /node_modules\/vega-(transforms|view-transforms|encode|statistics)\//;
const vegaTransformSources = {
  name: 'vega-transform-sources',
  setup(b) {
    b.onResolve({ filter: TRANSFORM_PACKAGES }, (args) => {
      const index = join(dirname(dirname(createRequire(args.importer).resolve(args.path))), 'index.js');
      return existsSync(index) ? { path: index, sideEffects: false } : undefined;
    });
    b.onResolve({ filter: /^\./ }, (args) =>
      INSIDE_THEM.test(args.importer) ? { path: join(dirname(args.importer), args.path), sideEffects: false } : undefined,
    );
  },
};

const common = {
  outdir: 'dist/browser',
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'linked',
  metafile: true,
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
};

// vega's chunk is built on its own: built together, esbuild puts what it shares
// with the elements (its runtime helpers, small modules both import) in shared
// chunks that every page's first load imports. Built apart, each bundle holds its
// own copy of such a module: keep module state out of what both import.
const runtime = await build({
  ...common,
  entryPoints: { 'vega-runtime': 'src/chart/vega-runtime.ts' },
  entryNames: 'chunks/[name]-[hash]',
  plugins: [vegaTransformSources, minifyTemplatesPlugin],
});
const runtimeFile = Object.keys(runtime.metafile.outputs).find((f) => f.endsWith('.js'));
const runtimeChunk = {
  name: 'vega-runtime-chunk',
  setup(b) {
    b.onResolve({ filter: /\/vega-runtime\.js$/ }, () => ({ path: `./${runtimeFile.slice('dist/browser/'.length)}`, external: true }));
  },
};

const result = await build({
  ...common,
  entryPoints: { 'spindle-widgets': 'src/index.ts' },
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  plugins: [runtimeChunk, minifyTemplatesPlugin],
});
const outputs = [...Object.entries(runtime.metafile.outputs), ...Object.entries(result.metafile.outputs)].filter(([f]) =>
  f.endsWith('.js'),
);
// Compressed once here at the strongest settings, beside each file: spindle-server
// (and nginx's gzip_static) send these instead of compressing every answer quickly.
for (const [file, { bytes }] of outputs) {
  const text = readFileSync(file);
  const br = brotliCompressSync(text, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: text.length },
  });
  writeFileSync(`${file}.br`, br);
  writeFileSync(`${file}.gz`, gzipSync(text, { level: 9 }));
  console.log(`${file} ${(bytes / 1024).toFixed(1)} KiB (${(br.length / 1024).toFixed(1)} KiB brotli)`);
}
