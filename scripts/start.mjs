// `npm start`: Spindle's main job on whatever database it finds.
//
// With DATABASE_URL and a fleet config (SPINDLE_CONFIG or ./spindle.config.json),
// it migrates the aggregation DB and runs the ETL for the real fleet. Without them
// it runs the embedded demo: PGlite databases served over the Postgres wire
// protocol (so the very same `pg` code path runs), a simulated fleet of three
// machines over 30 days, the ETL, and the resulting status; then it keeps the
// databases up for exploring until Ctrl-C.
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import pg from 'pg';
import { loadFleetConfig, migrate, parseFleetConfig, readStatus, runFleet, sampleFleet, simulateFleet } from '../packages/etl/dist/index.js';

const log = (msg) => console.log(`${new Date().toISOString().slice(11, 19)} ${msg}`);

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
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
      log(o.outcome === 'succeeded' ? `machine ${o.machineId}: ${o.result.rowsRead.toLocaleString('en')} rows read, days ${o.result.fromDay}..${o.result.toDay}` : `machine ${o.machineId} ${o.outcome}: ${o.error}`),
  });
  const status = await withClient(databaseUrl, readStatus);
  console.log('\nmachine  first day   last day    watermark');
  for (const s of status) console.log(`${s.machineId.padEnd(8)} ${s.firstDay ?? '-'}  ${s.lastDay ?? '-'}  ${s.watermark ?? '-'}`);
  return outcomes.every((o) => o.outcome === 'succeeded');
}

if (process.env.DATABASE_URL && (process.env.SPINDLE_CONFIG || existsSync('spindle.config.json'))) {
  log('DATABASE_URL and a fleet config found: running the ETL for the configured fleet');
  const fleet = await loadFleetConfig(process.env.SPINDLE_CONFIG ?? 'spindle.config.json');
  process.exitCode = (await runEtl(fleet, process.env.DATABASE_URL, 2)) ? 0 : 1;
} else {
  log('no DATABASE_URL: starting the embedded demo on PGlite');
  const servers = [];
  const serve = async () => {
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
  process.once('SIGINT', async () => {
    log('stopping');
    await stop();
    process.exit(0);
  });

  const aggregation = await serve();
  const sources = {};
  const fleetJson = sampleFleet((id) => `pending:${id}`);
  for (const m of fleetJson.machines) sources[m.id] = await serve();
  for (const m of fleetJson.machines) m.source = sources[m.id];
  const fleet = parseFleetConfig(fleetJson);

  const days = Number(process.env.SPINDLE_DEMO_DAYS ?? 30);
  log(`simulating ${fleet.machines.length} machines over ${days} days`);
  await simulateFleet(fleet, {
    days,
    density: 0.2,
    onMachineDone: (s) => log(`machine ${s.machineId}: ${s.floatRows.toLocaleString('en')} float rows simulated`),
  });
  log('running the ETL');
  const ok = await runEtl(fleet, aggregation, 1);
  console.log(`
The aggregation DB is up at ${aggregation}
(for example: psql ${aggregation} -c 'SELECT * FROM utilization_day ORDER BY day DESC LIMIT 5')
Press Ctrl-C to stop.`);
  if (!ok) process.exitCode = 1;
}
