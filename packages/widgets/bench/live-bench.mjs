// npm run bench:live — pushed, not polled (issue 27): the time from an ETL commit
// to the status board showing it in Debian's Chromium, over 20 commits (median,
// p95), and how many idle event streams one server process holds, at what RSS.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchPostgres } from '../../../scripts/bench-postgres.mjs';
import { launchChromium } from '../../../scripts/chromium.mjs';
import { migrate, parseFleetConfig, runFleet } from '../../etl/dist/index.js';
import { LiveFleet, sampleFleet } from '../../etl/dist/simulate.js';
import { createGuardedServer, createServer as createApi } from '../../server/dist/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const STREAMS = (process.env.BENCH_STREAMS ?? '250,1000,2000').split(',').map(Number);

const { url, sql, stop: stopPg } = benchPostgres('54342');
const dbs = ['agg', 'src_2207', 'src_5001'].map((d) => `bench_live_${d}_${process.pid}`);
for (const d of dbs) await sql('postgres', `CREATE DATABASE ${d}`);
const [agg, ...sources] = dbs;
const closers = [];
const percentile = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
try {
  const json = sampleFleet((id) => url(id === '2207' ? sources[0] : sources[1]));
  json.machines = json.machines.filter((m) => ['2207', '5001'].includes(String(m.id)));
  const fleet = parseFleetConfig(json);
  const { live } = await LiveFleet.start(fleet, { days: 1, density: 1, seed: 7 });
  closers.push(() => live.close());
  const db = new pg.Client({ connectionString: url(agg) });
  await db.connect();
  await migrate(db);
  await db.end();
  const run = () => runFleet(fleet, { databaseUrl: url(agg), mode: { kind: 'run' } });
  await run();

  const api = createApi({ databaseUrl: url(agg), log: () => {} });
  await api.ready();
  const http = createGuardedServer(api.handler);
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    http.closeAllConnections();
    await new Promise((r) => http.close(r));
    await api.close();
  });
  const base = `http://127.0.0.1:${http.address().port}`;
  const page = createServer((_req, res) =>
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><html lang="en"><head>
<script type="module" src="${base}/widgets/spindle-widgets.js"></script></head>
<body><spindle-status-board id="board" api-url="${base}" refresh="10"></spindle-status-board></body></html>`),
  );
  await new Promise((r) => page.listen(0, '127.0.0.1', r));
  closers.push(() => new Promise((r) => page.close(r)));

  const browser = await launchChromium();
  closers.push(() => browser.close());
  const tab = await browser.newPage();
  await tab.goto(`http://127.0.0.1:${page.address().port}/`);
  const watermark = () =>
    tab.evaluate(() => document.getElementById('board').shadowRoot.querySelector('[data-machine="2207"]')?.dataset.watermark ?? '');
  for (let t = 0; t < 300 && !(await watermark()); t++) await tab.waitForTimeout(100);

  // Commit to pixel: from the commit (the ETL's NOTIFY heard here, as the server hears it)
  // to the board's card of 2207 redrawn from the new data, timed in the page.
  const listener = new pg.Client({ connectionString: url(agg) });
  await listener.connect();
  closers.push(() => listener.end());
  let committed = null;
  listener.on('notification', (n) => {
    if (committed === null && JSON.parse(n.payload).machineId === '2207') committed = Date.now();
  });
  await listener.query('LISTEN spindle_machine');
  const latencies = [];
  for (let i = 0; latencies.length < RUNS && i < RUNS * 3; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    const before = await watermark();
    const rows = await live.append(Date.now());
    if (rows === 0) continue;
    committed = null;
    const ran = run();
    const drawn = await tab.evaluate(async (old) => {
      const card = () => document.getElementById('board').shadowRoot.querySelector('[data-machine="2207"]');
      for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => requestAnimationFrame(r))) {
        if (card()?.dataset.watermark !== old) return Date.now();
      }
      return null;
    }, before);
    await ran;
    if (drawn !== null && committed !== null) latencies.push(drawn - committed);
  }
  console.log(
    `commit to pixel over ${latencies.length} commits: median ${percentile(latencies, 50)} ms, p95 ${percentile(latencies, 95)} ms, max ${Math.max(...latencies)} ms (target: within 1 s of each event, 2 s of the commit)\n  all: ${latencies.join(', ')}`,
  );
  await tab.close();

  // Idle streams: a server process of its own with room for them, its RSS read from /proc.
  const most = Math.max(...STREAMS);
  const child = spawn(
    'bash',
    [
      '-c',
      `ulimit -n ${most * 2 + 1024} && exec "$0" "$@"`,
      process.execPath,
      join(here, '../../server/bin/spindle-server.js'),
      '--port',
      '0',
      '--max-connections',
      String(most + 64),
    ],
    { env: { ...process.env, DATABASE_URL: url(agg), SPINDLE_MAX_STREAMS: String(most) }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  closers.push(() => child.kill('SIGTERM'));
  const port = await new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => {
      const m = /localhost:(\d+)/.exec(String(d));
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`spindle-server exited ${code}`)));
  });
  const rss = () => Number(/VmRSS:\s+(\d+)/.exec(require_proc(child.pid))[1]) / 1024;
  const open = [];
  let held = 0;
  const lines = [`idle streams in one spindle-server process: RSS ${rss().toFixed(0)} MB with none`];
  for (const target of STREAMS) {
    while (held < target) {
      const abort = new AbortController();
      const res = await fetch(`http://127.0.0.1:${port}/api/v1/events`, { signal: abort.signal });
      if (res.status !== 200) {
        lines.push(`  refused at ${held}: ${res.status}`);
        break;
      }
      open.push(abort);
      held++;
    }
    await new Promise((r) => setTimeout(r, 1000));
    const t0 = Date.now();
    const ok = (await fetch(`http://127.0.0.1:${port}/api/v1/machines`)).status;
    lines.push(`  ${held} streams: RSS ${rss().toFixed(0)} MB; a request beside them ${ok} in ${Date.now() - t0} ms`);
  }
  for (const a of open) a.abort();
  console.log(lines.join('\n'));
} finally {
  for (const close of closers.reverse()) await Promise.resolve(close()).catch(() => {});
  for (const d of dbs) await sql('postgres', `DROP DATABASE IF EXISTS ${d} WITH (FORCE)`).catch(() => {});
  stopPg();
}

function require_proc(pid) {
  return readFileSync(`/proc/${pid}/status`, 'utf8');
}
