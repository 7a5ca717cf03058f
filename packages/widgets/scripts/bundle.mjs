// The self-contained build a portal loads with one <script type="module">:
// everything inlined, vega and vega-lite split into a chunk loaded on first draw.
import { build } from 'esbuild';

const result = await build({
  entryPoints: { 'spindle-widgets': 'src/index.ts' },
  outdir: 'dist/browser',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  legalComments: 'linked',
  metafile: true,
  tsconfig: 'tsconfig.json',
  logLevel: 'warning',
});
const outputs = Object.entries(result.metafile.outputs).filter(([f]) => f.endsWith('.js'));
for (const [file, { bytes }] of outputs) console.log(`${file} ${(bytes / 1024).toFixed(1)} KiB`);
