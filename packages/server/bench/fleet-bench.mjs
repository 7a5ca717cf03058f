// npm run bench:fleet — one request for a whole fleet (issue 28): GET
// /api/v1/fleet/utilization?by=day over 31 days of 1,000 machines, through the
// server, against a floor measured in the same run: the same rows read with pg
// and written with JSON.stringify, no HTTP. Data: one simulated month of one
// machine's aggregates copied to 1,000 ids. Reports every round and the median;
// the server's RSS before and after the fleet requests.
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { aggregatedMachine, benchPostgres } from '../../../scripts/bench-postgres.mjs';
import { createGuardedServer, createServer } from '../dist/index.js';

const MACHINES = Number(process.env.BENCH_MACHINES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const { url, sql, stop } = benchPostgres('54339');
const src = `bench_fleet_src_${process.pid}`;
const agg = `bench_fleet_agg_${process.pid}`;
await sql('postgres', `CREATE DATABASE ${src}`);
await sql('postgres', `CREATE DATABASE ${agg}`);
const rssMb = () => Number(readFileSync('/proc/self/status', 'utf8').match(/VmRSS:\s+(\d+)/)[1]) / 1024;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  console.log(`simulating a month of one machine, aggregating it, copying it to ${MACHINES} machines…`);
  await aggregatedMachine(url, src, agg, { from: '2025-03-01', days: 31, density: 0.05, seed: 4 });
  const db = new pg.Client({ connectionString: url(agg) });
  await db.connect();
  const ids = Array.from({ length: MACHINES - 1 }, (_, i) => `m${String(i + 1).padStart(4, '0')}`);
  for (const table of ['utilization_day', 'spindle_machine']) {
    const { rows } = await db.query(
      `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'machine_id'`,
      [table],
    );
    const cols = rows[0].c;
    await db.query(
      `INSERT INTO ${table} (machine_id, ${cols}) SELECT id, ${cols} FROM ${table}, unnest($1::text[]) id WHERE machine_id = '2207'`,
      [ids],
    );
  }
  await db.query('VACUUM ANALYZE');
  const { rows: count } = await db.query(`SELECT count(*)::int AS n FROM utilization_day WHERE day BETWEEN '2025-03-01' AND '2025-03-31'`);
  await db.end();
  console.log(`${count[0].n} utilization rows of ${MACHINES} machines`);

  const path = '/api/v1/fleet/utilization?from=2025-03-01&to=2025-03-31&by=day';
  const pool = new pg.Pool({ connectionString: url(agg), max: 4 });
  const floorSql = `SELECT machine_id AS "machineId", day::text AS day, NULL AS shift, running_seconds AS "runningSeconds", idle_seconds AS "idleSeconds",
      standby_seconds AS "standbySeconds", emergency_seconds AS "emergencySeconds", offline_seconds AS "offlineSeconds", covered_seconds AS "coveredSeconds",
      planned_seconds AS "plannedSeconds", planned_running_seconds AS "plannedRunningSeconds", unplanned_running_seconds AS "unplannedRunningSeconds"
      FROM utilization_day WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3 ORDER BY machine_id, day`;
  const allIds = ['2207', ...ids];
  const floor = async () => {
    const t = performance.now();
    const { rows } = await pool.query(floorSql, [allIds, '2025-03-01', '2025-03-31']);
    const bytes = JSON.stringify({ items: rows }).length;
    return { ms: performance.now() - t, bytes };
  };
  const rssStart = rssMb();
  const server = createServer({ databaseUrl: url(agg), log: () => {} });
  const http = createGuardedServer(server.handler);
  await new Promise((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${http.address().port}`;
  const viaServer = async (encoding = 'identity') => {
    const t = performance.now();
    const res = await fetch(`${base}${path}`, { headers: { 'Accept-Encoding': encoding } });
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${res.status} ${body.slice(0, 200)}`);
    return { ms: performance.now() - t, bytes: body.length, items: JSON.parse(body).items.length };
  };
  await viaServer();
  await floor();
  const server_ = [];
  const gzip_ = [];
  const floor_ = [];
  let peak = rssMb();
  let items = 0;
  for (let i = 0; i < ROUNDS; i++) {
    floor_.push((await floor()).ms);
    const r = await viaServer();
    server_.push(r.ms);
    gzip_.push((await viaServer('gzip')).ms);
    items = r.items;
    peak = Math.max(peak, rssMb());
  }
  console.log(`\nfleet/utilization?by=day, ${MACHINES} machines × 31 days (${items} items), ${ROUNDS} rounds:`);
  console.log(`  server: ${server_.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(server_).toFixed(0)} ms`);
  console.log(`  server, gzip: ${gzip_.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(gzip_).toFixed(0)} ms`);
  console.log(
    `  floor (pg + JSON.stringify, no HTTP): ${floor_.map((x) => x.toFixed(0)).join(', ')} ms; median ${median(floor_).toFixed(0)} ms`,
  );
  console.log(`  server / floor: ${(median(server_) / median(floor_)).toFixed(2)} × the floor's time`);
  console.log(`  process RSS: ${rssStart.toFixed(0)} MB before the server, ${peak.toFixed(0)} MB at its peak`);
  await new Promise((r) => http.close(r));
  await server.close();
  await pool.end();
} finally {
  await sql('postgres', `DROP DATABASE IF EXISTS ${src} WITH (FORCE)`);
  await sql('postgres', `DROP DATABASE IF EXISTS ${agg} WITH (FORCE)`);
  stop();
}
