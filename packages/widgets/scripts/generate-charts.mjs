// npm run generate: compiles the vega-lite specs of src/specs/charts.ts to vega,
// written to src/generated/charts.json (checked by src/specs/charts.test.ts).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const temp = join(root, 'node_modules', '.generate-charts.mjs');
await build({
  entryPoints: [join(root, 'src/specs/compile-charts.ts')],
  outfile: temp,
  bundle: true,
  packages: 'external',
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
try {
  const { compileCharts } = await import(pathToFileURL(temp).href);
  mkdirSync(join(root, 'src/generated'), { recursive: true });
  writeFileSync(join(root, 'src/generated/charts.json'), `${JSON.stringify(compileCharts(), null, 2)}\n`);
} finally {
  rmSync(temp, { force: true });
}
