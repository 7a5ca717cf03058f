// `npm start`: Spindle on whatever database it finds.
//
// With DATABASE_URL and a fleet config (SPINDLE_CONFIG or ./spindle.config.json),
// it migrates the aggregation DB, runs the ETL for the real fleet and serves the
// API. Without them it runs the embedded demo: PGlite databases served over the
// Postgres wire protocol (so the very same `pg` code path runs), a simulated
// fleet of three machines over 30 days up to now, the ETL, and the API on top;
// then the machines keep logging and the ETL runs every few seconds, until Ctrl-C.
import { existsSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { loadFleetConfig, migrate, parseFleetConfig, readStatus, runFleet } from '../packages/etl/dist/index.js';
import { LiveFleet, sampleFleet } from '../packages/etl/dist/simulate.js';
import { createGuardedServer, createServer } from '../packages/server/dist/index.js';

const log = (msg) => console.log(`${new Date().toISOString().slice(11, 19)} ${msg}`);

/** A whole number from the environment, or exit 2 naming the variable and what it takes. */
function wholeNumberEnv(name, fallback, min, what) {
  const raw = process.env[name];
  const n = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(n) || n < min) {
    console.error(`npm start: ${name}=${raw} is not ${what}`);
    process.exit(2);
  }
  return n;
}
const PORT = wholeNumberEnv('PORT', 8080, 0, 'a port number (0 picks a free one)');
const DEMO_DAYS = wholeNumberEnv('SPINDLE_DEMO_DAYS', 30, 1, 'a number of days ≥ 1');
const DEMO_LIVE = wholeNumberEnv('SPINDLE_DEMO_LIVE', 5, 0, 'a number of seconds ≥ 0 (0 turns the live demo off)');
// This machine only, unless told otherwise (HOST=0.0.0.0 for every interface): a demo is no service.
const HOST = process.env.HOST || '127.0.0.1';

/** Exits 2 when PORT is taken, before anything is simulated: minutes of work must not end in a busy port. */
async function ensurePortFree() {
  if (PORT === 0) return;
  const problem = await new Promise((resolve) => {
    const probe = createNetServer();
    probe.once('error', resolve);
    probe.listen(PORT, HOST, () => probe.close(() => resolve(null)));
  });
  if (problem) {
    console.error(
      problem.code === 'EADDRINUSE'
        ? `npm start: port ${PORT} on ${HOST} is in use: set PORT to a free one (PORT=0 picks any)`
        : `npm start: cannot listen on ${HOST}:${PORT}: ${problem.message}`,
    );
    process.exit(2);
  }
}
await ensurePortFree();

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function runEtl(fleet, databaseUrl, sourceConnections) {
  await withClient(databaseUrl, migrate);
  const outcomes = await runFleet(fleet, {
    databaseUrl,
    mode: { kind: 'run' },
    sourceConnections,
    onMachineDone: (o) =>
      log(
        o.outcome === 'succeeded'
          ? `machine ${o.machineId}: ${o.result.rowsRead.toLocaleString('en')} rows read, days ${o.result.fromDay}..${o.result.toDay}`
          : `machine ${o.machineId} ${o.outcome}: ${o.error}`,
      ),
  });
  const status = await withClient(databaseUrl, readStatus);
  console.log('\nmachine  first day   last day    watermark');
  for (const s of status) console.log(`${s.machineId.padEnd(8)} ${s.firstDay ?? '-'}  ${s.lastDay ?? '-'}  ${s.watermark ?? '-'}`);
  return outcomes.every((o) => o.outcome === 'succeeded');
}

/** Serves the API over `databaseUrl` until Ctrl-C; `poolSize` 1 for PGlite's single session. */
async function serve(databaseUrl, poolSize, onStop) {
  const api = createServer({ databaseUrl, poolSize, log: (m) => log(m) });
  const http = createGuardedServer(api.handler);
  await new Promise((resolve) =>
    http
      .once('error', async (err) => {
        log(
          err.code === 'EADDRINUSE' ? `port ${PORT} is in use: set PORT to a free one (PORT=0 picks any)` : `cannot listen: ${err.message}`,
        );
        await api.close();
        await onStop();
        process.exit(1);
      })
      .listen(PORT, HOST, resolve),
  );
  // Before the URLs are printed: a Ctrl-C that arrives before its handler exists
  // would kill the process without stopping PGlite cleanly.
  process.once('SIGINT', async () => {
    log('stopping');
    http.close();
    http.closeAllConnections();
    await api.close();
    await onStop();
    process.exit(0);
  });
  const url = `http://${HOST === '127.0.0.1' || HOST === '0.0.0.0' ? 'localhost' : HOST}:${http.address().port}`;
  console.log(`
Spindle is up:
  dashboard  ${url}/
  API        ${url}/api/v1/machines
  API docs   ${url}/docs
  spec       ${url}/openapi.yaml
  database   ${databaseUrl}
Press Ctrl-C to stop.`);
}

if (process.env.DATABASE_URL && (process.env.SPINDLE_CONFIG || existsSync('spindle.config.json'))) {
  log('DATABASE_URL and a fleet config found: running the ETL for the configured fleet');
  const fleet = await loadFleetConfig(process.env.SPINDLE_CONFIG ?? 'spindle.config.json');
  if (!(await runEtl(fleet, process.env.DATABASE_URL, 2))) log('some machines failed; serving what the others produced');
  await serve(process.env.DATABASE_URL, 10, async () => {});
} else {
  log('no DATABASE_URL: starting the embedded demo on PGlite');
  const servers = [];
  const startPglite = async () => {
    const db = await PGlite.create();
    const port = await freePort();
    const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 4 });
    await server.start();
    servers.push({ db, server });
    return `postgres://postgres@127.0.0.1:${port}/postgres`;
  };
  const stop = async () => {
    for (const { db, server } of servers) {
      await server.stop().catch(() => {});
      await db.close().catch(() => {});
    }
  };
  const aggregation = await startPglite();
  const sources = {};
  const fleetJson = sampleFleet((id) => `pending:${id}`);
  for (const m of fleetJson.machines) sources[m.id] = await startPglite();
  for (const m of fleetJson.machines) m.source = sources[m.id];
  const fleet = parseFleetConfig(fleetJson);

  log(`simulating ${fleet.machines.length} machine${fleet.machines.length === 1 ? '' : 's'} over ${DEMO_DAYS} days`);
  const { live } = await LiveFleet.start(fleet, {
    days: DEMO_DAYS,
    density: 0.2,
    onMachineDone: (s) => log(`machine ${s.machineId}: ${s.floatRows.toLocaleString('en')} float rows simulated`),
  });
  log('running the ETL');
  if (!(await runEtl(fleet, aggregation, 1))) log('some machines failed; serving what the others produced');
  let ticking = null;
  await serve(aggregation, 1, async () => {
    await ticking?.stop();
    await live.close();
    await stop();
  });
  if (DEMO_LIVE > 0) {
    log(`live: the machines keep logging; the ETL runs every ${DEMO_LIVE} s (SPINDLE_DEMO_LIVE=0 turns this off)`);
    ticking = liveDemo(live, fleet, aggregation, DEMO_LIVE);
  }
}

/**
 * The living demo: every `seconds`, the machines log what came due and the ETL
 * folds it in, so a dashboard with `refresh` moves. One line a minute says so.
 */
function liveDemo(live, fleet, databaseUrl, seconds) {
  let timer = null;
  let running = Promise.resolve();
  let stopped = false;
  let rows = 0;
  let runs = 0;
  let reported = Date.now();
  const tick = async () => {
    rows += await live.append(Date.now());
    const outcomes = await runFleet(fleet, { databaseUrl, mode: { kind: 'run' }, sourceConnections: 1 });
    runs++;
    for (const o of outcomes) if (o.outcome !== 'succeeded') log(`live: machine ${o.machineId} ${o.outcome}: ${o.error}`);
    if (Date.now() - reported >= 60_000) {
      log(`live: ${rows.toLocaleString('en')} rows logged, ${runs} ETL runs in the last minute`);
      rows = 0;
      runs = 0;
      reported = Date.now();
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((err) => log(`live: ${err.message}`))
        .then(schedule);
    }, seconds * 1000);
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
