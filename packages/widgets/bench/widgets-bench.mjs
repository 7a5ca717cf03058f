// npm run bench:widgets — the size a portal pays before a chart draws, and the time
// from an element's connection to its first drawn chart in Debian's Chromium.
// Targets (issue 13): element bundle ≤ 25 KB gzipped, chart chunk ≤ 150 KB gzipped;
// vega loads only on the first draw. Also the bytes spindle-server sends, compressed.
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, get as httpGet } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { aggregatedMachine, benchPostgres } from '../../../scripts/bench-postgres.mjs';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { createServer as createApi } from '../../server/dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const browserDir = join(here, '../dist/browser');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGET_KB = 25;
const CHART_TARGET_KB = 150;

const gz = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
// The entry and the chunks it imports statically (code it shares with a lazy chunk): what a page loads before any chart.
const entry = readFileSync(join(browserDir, 'spindle-widgets.js'), 'utf8');
const eager = [...new Set([...entry.matchAll(/(?:from|import)\s*"\.\/(chunks\/[^"]+)"/g)].map((m) => m[1]))];
const initial = [join(browserDir, 'spindle-widgets.js'), ...eager.map((f) => join(browserDir, f))].reduce((s, f) => s + gz(f), 0);
const chunks = readdirSync(join(browserDir, 'chunks')).filter((f) => f.endsWith('.js') && !eager.includes(`chunks/${f}`));
// German, Spanish and French: a chunk each, loaded by a page in that language, not part of the chart's.
const LANGUAGE = /^(de|es|fr)-/;
const chart = chunks.filter((f) => !LANGUAGE.test(f)).reduce((s, f) => s + gz(join(browserDir, 'chunks', f)), 0);
const languages = chunks.filter((f) => LANGUAGE.test(f)).map((f) => `${f.slice(0, 2)} ${kb(gz(join(browserDir, 'chunks', f)))}`);
console.log(
  `initial bundle  ${kb(initial)} gzipped (the entry and ${eager.length} chunks it imports; target ≤ ${TARGET_KB} KB: ${initial <= TARGET_KB * 1024 ? 'met' : 'MISSED'}, ${((100 * initial) / (TARGET_KB * 1024)).toFixed(0)} % of it)`,
);
console.log(
  `chart chunks    ${kb(chart)} gzipped (vega, loaded on the first draw; target ≤ ${CHART_TARGET_KB} KB: ${chart <= CHART_TARGET_KB * 1024 ? 'met' : 'MISSED'})`,
);
console.log(`language chunks ${languages.join(', ')} gzipped (each loaded by a page in that language only)`);

const { url, sql, stop: stopPg } = benchPostgres('54341');
const admin = (text) => sql('postgres', text);
const src = `bench_widgets_src_${process.pid}`;
const agg = `bench_widgets_agg_${process.pid}`;
await admin(`CREATE DATABASE ${src}`);
await admin(`CREATE DATABASE ${agg}`);
const closers = [];
try {
  await aggregatedMachine(url, src, agg, { from: '2025-03-01', days: 14, density: 0.1, seed: 5 });

  const api = createApi({ databaseUrl: url(agg), log: () => {} });
  const listen = (handler) =>
    new Promise((resolve) => {
      const server = createServer(handler).listen(0, '127.0.0.1', () => resolve(server));
      closers.push(() => new Promise((r) => server.close(r)));
    });
  const apiServer = await listen(api.handler);
  closers.push(() => api.close());
  const apiBase = `http://127.0.0.1:${apiServer.address().port}`;
  // What spindle-server itself sends for the bundle and its chunks, by encoding (bytes on the socket, not decoded).
  const encodedSize = (file, encoding) =>
    new Promise((resolve, reject) => {
      httpGet(`${apiBase}/widgets/${file}`, { headers: { 'Accept-Encoding': encoding } }, (res) => {
        let n = 0;
        res.on('data', (d) => (n += d.length));
        res.on('end', () => resolve(n));
      }).on('error', reject);
    });
  for (const encoding of ['br', 'gzip', 'identity']) {
    const bundle = await encodedSize('spindle-widgets.js', encoding);
    let chunkBytes = 0;
    for (const c of chunks) chunkBytes += await encodedSize(`chunks/${c}`, encoding);
    console.log(`on the wire     ${encoding.padEnd(8)} bundle ${kb(bundle)}, chart chunks ${kb(chunkBytes)} (from spindle-server)`);
  }

  const portal = await listen((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    if (path === '/') {
      res
        .writeHead(200, { 'Content-Type': 'text/html' })
        .end('<!doctype html><script type="module" src="/widgets/spindle-widgets.js"></script><body style="width:900px">');
      return;
    }
    try {
      const body = readFileSync(join(browserDir, path.replace(/^\/widgets\//, '').replace(/\.\./g, '')));
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  const portalBase = `http://127.0.0.1:${portal.address().port}/`;

  const browser = await launchChromium();
  closers.unshift(() => browser.close());
  // Milliseconds from appending the element to its spindle-load (data fetched and chart drawn).
  const timeToChart = (page, tag) =>
    page.evaluate(
      ([tag, apiBase]) =>
        new Promise((resolve, reject) => {
          const el = document.createElement(tag);
          el.setAttribute('api-url', apiBase);
          el.setAttribute('machine', '2207');
          const start = performance.now();
          el.addEventListener('spindle-load', () => resolve(performance.now() - start));
          el.addEventListener('spindle-error', (e) => reject(new Error(e.detail.message)));
          document.body.append(el);
        }),
      [tag, apiBase],
    );
  const cold = [];
  const warm = [];
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(portalBase);
    await page.waitForFunction(() => customElements.get('spindle-utilization'));
    cold.push(await timeToChart(page, 'spindle-utilization'));
    warm.push(await timeToChart(page, 'spindle-energy'));
    await context.close();
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(
    `first chart     ${median(cold).toFixed(0)} ms median of ${RUNS} (connection → drawn, vega chunk fetched and parsed, fresh browser context)`,
  );
  console.log(`next chart      ${median(warm).toFixed(0)} ms median of ${RUNS} (vega already loaded: fetch + draw)`);
} finally {
  for (const close of closers) await close();
  await admin(`DROP DATABASE IF EXISTS ${src} WITH (FORCE)`);
  await admin(`DROP DATABASE IF EXISTS ${agg} WITH (FORCE)`);
  stopPg();
}
