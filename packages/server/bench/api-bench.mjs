// npm run bench:api — the server under a dashboard mix, against a floor measured in
// the same run: a bare node:http handler running the same SQL through pg and
// JSON.stringify. Targets (issue 3): ≥ 0.6 × the floor's req/s; p99 < 25 ms at 32
// connections. Data: a year of one simulated machine's aggregates, copied to 20 ids.
import { execFileSync } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { migrate, parseFleetConfig, runFleet, sampleFleet, simulateFleet } from '../../etl/dist/index.js';
import { createServer } from '../dist/index.js';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const MACHINES = 20;

let stopServer = () => {};
if (!process.env.PGHOST) {
  const out = execFileSync(join(root, 'scripts/pg-temp.sh'), ['start', process.env.BENCH_PG_PORT ?? '54338'], { encoding: 'utf8' });
  for (const [, k, v] of out.matchAll(/(\w+)=(\S+)/g)) process.env[k] = v;
  stopServer = () => execFileSync(join(root, 'scripts/pg-temp.sh'), ['stop', process.env.SPINDLE_PG_DIR]);
}
const url = (db) => `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST}:${process.env.PGPORT}/${db}`;
const admin = async (sql) => {
  const c = new pg.Client({ connectionString: url('postgres') });
  await c.connect();
  await c.query(sql);
  await c.end();
};

const src = `bench_api_src_${process.pid}`;
const agg = `bench_api_agg_${process.pid}`;
await admin(`CREATE DATABASE ${src}`);
await admin(`CREATE DATABASE ${agg}`);

try {
  console.log('simulating a year of one machine and running the ETL…');
  const json = sampleFleet(() => url(src));
  json.machines = [json.machines[0]];
  const fleet = parseFleetConfig(json);
  await simulateFleet(fleet, { from: '2025-01-01', days: 365, density: 0.05, seed: 9 });
  const db = new pg.Client({ connectionString: url(agg) });
  await db.connect();
  await migrate(db);
  await runFleet(fleet, { databaseUrl: url(agg), mode: { kind: 'run' } });
  // Twenty machines: the same year under other ids.
  const tables = ['utilization_day', 'utilization_shift', 'state_interval', 'sensor_hour', 'energy_hour', 'program_day', 'alarm_occurrence', 'alarm_day', 'spindle_machine'];
  for (let i = 1; i < MACHINES; i++) {
    for (const t of tables) {
      const cols = (await db.query(`SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_name = $1 AND column_name <> 'machine_id'`, [t])).rows[0].c;
      await db.query(`INSERT INTO ${t} (machine_id, ${cols}) SELECT $1, ${cols} FROM ${t} WHERE machine_id = '2207'`, [`m${String(i).padStart(2, '0')}`]);
    }
  }
  await db.query('VACUUM ANALYZE');
  await db.end();
  const ids = ['2207', ...Array.from({ length: MACHINES - 1 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`)];

  // The dashboard mix, on random machines and days of the year.
  const day = (n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const mix = [
    (m, d) => [`/api/v1/machines/${m}/utilization?from=${day(d - 6)}&to=${day(d)}`, 'SELECT day::text AS day, NULL AS shift, running_seconds AS "runningSeconds", idle_seconds AS "idleSeconds", offline_seconds AS "offlineSeconds", covered_seconds AS "coveredSeconds" FROM utilization_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day'],
    (m, d) => [`/api/v1/machines/${m}/utilization?from=${day(d - 6)}&to=${day(d)}&by=shift`, 'SELECT day::text AS day, shift, running_seconds AS "runningSeconds", idle_seconds AS "idleSeconds", offline_seconds AS "offlineSeconds", covered_seconds AS "coveredSeconds" FROM utilization_shift WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, shift_index'],
    (m, d) => [`/api/v1/machines/${m}/states?from=${day(d)}&to=${day(d)}`, 'SELECT start_at AS start, end_at AS "end", state FROM state_interval WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at'],
    (m, d) => [`/api/v1/machines/${m}/energy?from=${day(d)}&to=${day(d)}`, 'SELECT start_at, day::text AS day, kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at'],
    (m, d) => [`/api/v1/machines/${m}/energy?from=${day(d - 29)}&to=${day(d)}&bucket=day`, 'SELECT day::text AS day, sum(kwh) AS kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day'],
    (m, d) => [`/api/v1/machines/${m}/sensor-stats?sensor=TEMPERATURA_BASE&from=${day(d)}&to=${day(d)}`, "SELECT start_at, day::text AS day, count, min, max, avg, stddev FROM sensor_hour WHERE machine_id = $1 AND sensor = 'TEMPERATURA_BASE' AND day BETWEEN $2 AND $3 ORDER BY start_at"],
    (m, d) => [`/api/v1/machines/${m}/programs?from=${day(d - 6)}&to=${day(d)}`, 'SELECT day::text AS day, program, running_seconds AS "runningSeconds", energy_kwh AS "energyKwh" FROM program_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, program NULLS FIRST'],
    (m, d) => [`/api/v1/machines/${m}/alerts/daily?from=${day(d - 29)}&to=${day(d)}`, 'SELECT day::text AS day, category, count FROM alarm_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3'],
    (m, d) => [`/api/v1/machines/${m}/alerts?from=${day(d - 29)}&to=${day(d)}&limit=50`, 'SELECT raised_at, cleared_at, identity, code, description, category FROM alarm_occurrence WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY raised_at DESC, identity ASC LIMIT 51'],
    (m, d) => [`/api/v1/fleet/utilization?from=${day(d - 6)}&to=${day(d)}`, 'SELECT machine_id, sum(running_seconds) AS "runningSeconds", sum(idle_seconds) AS "idleSeconds", sum(offline_seconds) AS "offlineSeconds", sum(covered_seconds) AS "coveredSeconds" FROM utilization_day WHERE day BETWEEN $2 AND $3 AND $1::text IS NOT NULL GROUP BY machine_id'],
  ];
  let seed = 1;
  const rand = (n) => ((seed = (seed * 16807) % 2147483647) % n);
  const requests = Array.from({ length: 2000 }, () => mix[rand(mix.length)](ids[rand(ids.length)], 40 + rand(320)));
  const sqlFor = new Map(requests.map(([path, sql]) => [path, sql]));

  const listen = (handler) =>
    new Promise((resolve) => {
      const server = createHttpServer(handler);
      server.listen(0, '127.0.0.1', () => resolve(server));
    });
  const load = (server) =>
    new Promise((resolve, reject) => {
      let i = 0;
      autocannon(
        {
          url: `http://127.0.0.1:${server.address().port}`,
          connections: CONNECTIONS,
          duration: SECONDS,
          requests: [{ setupRequest: (r) => ({ ...r, path: requests[i++ % requests.length][0] }) }],
        },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
    });

  // Floor: the same SQL, a pool of the same size, JSON.stringify, nothing else.
  const floorPool = new pg.Pool({ connectionString: url(agg), max: 10 });
  const floor = await listen(async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const m = /^\/api\/v1\/machines\/([^/]+)/.exec(u.pathname)?.[1] ?? 'fleet';
    const from = u.searchParams.get('from');
    const to = u.searchParams.get('to');
    const { rows } = await floorPool.query(sqlFor.get(req.url), [m, from, to]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items: rows }));
  });
  const api = createServer({ databaseUrl: url(agg), poolSize: 10, log: () => {} });
  const server = await listen(api.app);

  await load(floor); // warm-up of the database caches
  const floorResult = await load(floor);
  const apiResult = await load(server);
  floor.close();
  server.close();
  await floorPool.end();
  await api.close();

  const codes = (r) => Object.entries(r.statusCodeStats ?? {}).map(([k, v]) => `${k}:${v.count}`).join(" ");
  const row = (name, r) =>
    `  ${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   errors ${r.errors + r.non2xx} (${codes(r)})`;
  console.log(`
API benchmark: ${MACHINES} machines × a year of aggregates, dashboard mix of ${mix.length} endpoints, ${CONNECTIONS} connections, ${SECONDS} s each
${row('floor (node:http + pg + JSON)', floorResult)}
${row('spindle-server', apiResult)}
  ratio ${(apiResult.requests.average / floorResult.requests.average).toFixed(2)} × floor req/s (target ≥ 0.6); p99 ${apiResult.latency.p99} ms (target < 25)`);
} finally {
  await admin(`DROP DATABASE IF EXISTS ${src} WITH (FORCE)`).catch(() => {});
  await admin(`DROP DATABASE IF EXISTS ${agg} WITH (FORCE)`).catch(() => {});
  stopServer();
}
