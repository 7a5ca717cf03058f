// npm run bench:api — the server under a dashboard mix, against a floor measured in
// the same run: a bare node:http handler running the same SQL through pg and
// JSON.stringify. Targets (issue 3): ≥ 0.6 × the floor's req/s; p99 < 25 ms at 32
// connections. Data: a year of one simulated machine's aggregates, copied to 20 ids.
// Floor and server each run in a process of their own (bench-target.mjs); the load
// generator runs here, so neither shares its event loop with autocannon.
// BENCH_PROFILE=DIR writes a CPU profile of each (DIR/floor, DIR/server).
import { spawn } from 'node:child_process';
import { get } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { aggregatedMachine, benchPostgres } from '../../../scripts/bench-postgres.mjs';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '../../..');
const CONNECTIONS = 32;
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
// Floor and server take turns, so a noisy neighbour hits both alike; medians are reported.
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MACHINES = 20;

const { url, sql, stop: stopServer } = benchPostgres('54338');
const admin = (text) => sql('postgres', text);

const src = `bench_api_src_${process.pid}`;
const agg = `bench_api_agg_${process.pid}`;
await admin(`CREATE DATABASE ${src}`);
await admin(`CREATE DATABASE ${agg}`);

try {
  console.log('simulating a year of one machine and running the ETL…');
  await aggregatedMachine(url, src, agg, { from: '2025-01-01', days: 365, density: 0.05, seed: 9 });
  const db = new pg.Client({ connectionString: url(agg) });
  await db.connect();
  // Twenty machines: the same year under other ids.
  const tables = [
    'utilization_day',
    'utilization_shift',
    'state_interval',
    'sensor_hour',
    'energy_hour',
    'program_day',
    'alarm_occurrence',
    'alarm_day',
    'spindle_machine',
  ];
  for (let i = 1; i < MACHINES; i++) {
    for (const t of tables) {
      const cols = (
        await db.query(
          `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS c FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND column_name <> 'machine_id'`,
          [t],
        )
      ).rows[0].c;
      await db.query(`INSERT INTO ${t} (machine_id, ${cols}) SELECT $1, ${cols} FROM ${t} WHERE machine_id = '2207'`, [
        `m${String(i).padStart(2, '0')}`,
      ]);
    }
  }
  await db.query('VACUUM ANALYZE');
  await db.end();
  const ids = ['2207', ...Array.from({ length: MACHINES - 1 }, (_, i) => `m${String(i + 1).padStart(2, '0')}`)];

  // The dashboard mix, on random machines and days of the year.
  const day = (n) => new Date(Date.UTC(2025, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
  const mix = [
    (m, d) => [
      `/api/v1/machines/${m}/utilization?from=${day(d - 6)}&to=${day(d)}`,
      'SELECT day::text AS day, NULL AS shift, running_seconds AS "runningSeconds", idle_seconds AS "idleSeconds", standby_seconds AS "standbySeconds", emergency_seconds AS "emergencySeconds", offline_seconds AS "offlineSeconds", covered_seconds AS "coveredSeconds", planned_seconds AS "plannedSeconds", planned_running_seconds AS "plannedRunningSeconds", unplanned_running_seconds AS "unplannedRunningSeconds" FROM utilization_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day',
    ],
    (m, d) => [
      `/api/v1/machines/${m}/utilization?from=${day(d - 6)}&to=${day(d)}&by=shift`,
      'SELECT day::text AS day, shift, running_seconds AS "runningSeconds", idle_seconds AS "idleSeconds", standby_seconds AS "standbySeconds", emergency_seconds AS "emergencySeconds", offline_seconds AS "offlineSeconds", covered_seconds AS "coveredSeconds", planned_seconds AS "plannedSeconds", planned_running_seconds AS "plannedRunningSeconds", unplanned_running_seconds AS "unplannedRunningSeconds" FROM utilization_shift WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, shift_index',
    ],
    (m, d) => [
      `/api/v1/machines/${m}/states?from=${day(d)}&to=${day(d)}`,
      'SELECT start_at AS start, end_at AS "end", state FROM state_interval WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at',
    ],
    (m, d) => [
      `/api/v1/machines/${m}/energy?from=${day(d)}&to=${day(d)}`,
      'SELECT start_at, day::text AS day, kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at',
    ],
    (m, d) => [
      `/api/v1/machines/${m}/energy?from=${day(d - 29)}&to=${day(d)}&bucket=day`,
      'SELECT day::text AS day, sum(kwh) AS kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day',
    ],
    (m, d) => [
      `/api/v1/machines/${m}/sensor-stats?sensor=TEMPERATURA_BASE&from=${day(d)}&to=${day(d)}`,
      "SELECT start_at, day::text AS day, count, min, max, avg, stddev FROM sensor_hour WHERE machine_id = $1 AND sensor = 'TEMPERATURA_BASE' AND day BETWEEN $2 AND $3 ORDER BY start_at",
    ],
    (m, d) => [
      `/api/v1/machines/${m}/programs?from=${day(d - 6)}&to=${day(d)}`,
      'SELECT day::text AS day, program, running_seconds AS "runningSeconds", energy_kwh AS "energyKwh" FROM program_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, program NULLS FIRST',
    ],
    (m, d) => [
      `/api/v1/machines/${m}/alerts/daily?from=${day(d - 29)}&to=${day(d)}`,
      'SELECT day::text AS day, category, count FROM alarm_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3',
    ],
    (m, d) => [
      `/api/v1/machines/${m}/alerts?from=${day(d - 29)}&to=${day(d)}&limit=50`,
      'SELECT raised_at, cleared_at, identity, code, description, category FROM alarm_occurrence WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY raised_at DESC, identity ASC LIMIT 51',
    ],
    (_m, d) => [
      `/api/v1/fleet/utilization?from=${day(d - 6)}&to=${day(d)}`,
      'SELECT machine_id, sum(running_seconds) AS "runningSeconds", sum(idle_seconds) AS "idleSeconds", sum(standby_seconds) AS "standbySeconds", sum(emergency_seconds) AS "emergencySeconds", sum(offline_seconds) AS "offlineSeconds", sum(covered_seconds) AS "coveredSeconds", sum(planned_seconds) AS "plannedSeconds", sum(planned_running_seconds) AS "plannedRunningSeconds", sum(unplanned_running_seconds) AS "unplannedRunningSeconds" FROM utilization_day WHERE day BETWEEN $2 AND $3 AND $1::text IS NOT NULL GROUP BY machine_id',
    ],
  ];
  let seed = 1;
  const rand = (n) => {
    seed = (seed * 16807) % 2147483647;
    return seed % n;
  };
  const requests = Array.from({ length: 2000 }, () => mix[rand(mix.length)](ids[rand(ids.length)], 40 + rand(320)));
  const sqlFor = new Map(requests.map(([path, sql]) => [path, sql]));

  const sqlMap = join(mkdtempSync(join(tmpdir(), 'spindle-api-bench-')), 'sql.json');
  writeFileSync(sqlMap, JSON.stringify([...sqlFor]));
  const startTarget = (kind) =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}/${kind}`] : []),
          join(root, 'packages/server/bench/bench-target.mjs'),
          kind,
          url(agg),
          sqlMap,
        ],
        { stdio: ['ignore', 'pipe', 'inherit'] },
      );
      child.stdout.once('data', (d) =>
        resolve({
          port: Number(String(d).trim()),
          pid: child.pid,
          stop: () =>
            new Promise((r) => {
              child.once('exit', r);
              child.kill('SIGTERM');
            }),
        }),
      );
      child.once('exit', (code) => reject(new Error(`bench target ${kind} exited ${code}`)));
    });
  // `etags`: revalidate instead, each request carrying the ETag its URL was last answered with.
  // CPU time the target process spent (user + system, from /proc, in µs) per request of one load run.
  const cpuMicros = (pid) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000; // clock ticks of 10 ms
  };
  const load = async (target, etags = null) => {
    const before = cpuMicros(target.pid);
    const result = await run(target, etags);
    result.cpuPerRequest = (cpuMicros(target.pid) - before) / result.requests.total;
    return result;
  };
  const run = (target, etags) =>
    new Promise((resolve, reject) => {
      let i = 0;
      const next = (r) => {
        if (!etags) return { ...r, path: requests[i++ % requests.length][0] };
        const [path, etag] = etags[i++ % etags.length];
        return { ...r, path, headers: { ...r.headers, 'if-none-match': etag } };
      };
      autocannon(
        { url: `http://127.0.0.1:${target.port}`, connections: CONNECTIONS, duration: SECONDS, requests: [{ setupRequest: next }] },
        (err, result) => (err ? reject(err) : resolve(result)),
      );
    });

  const floor = await startTarget('floor');
  const server = await startTarget('server');
  await load(floor); // warm-up: database caches
  await load(server); // warm-up: the server's code
  // The dashboard's polls: every URL of the mix with the ETag it was answered with.
  const etags = [];
  for (const path of new Set(requests.map(([p]) => p)))
    etags.push([path, (await fetch(`http://127.0.0.1:${server.port}${path}`)).headers.get('etag')]);
  const floorRuns = [];
  const apiRuns = [];
  const revalidationRuns = [];
  for (let round = 0; round < ROUNDS; round++) {
    floorRuns.push(await load(floor));
    apiRuns.push(await load(server));
    revalidationRuns.push(await load(server, etags));
  }
  const bytes = await wireBytes(server.port, [...new Set(requests.map(([p]) => p))].slice(0, 200));
  await floor.stop();
  await server.stop();
  const median = (runs) => [...runs].sort((a, b) => a.requests.average - b.requests.average)[Math.floor(runs.length / 2)];
  const floorResult = median(floorRuns);
  const apiResult = median(apiRuns);
  const revalidation = median(revalidationRuns);

  const codes = (r) =>
    Object.entries(r.statusCodeStats ?? {})
      .map(([k, v]) => `${k}:${v.count}`)
      .join(' ');
  const row = (name, r) =>
    `  ${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(r.latency.p50).padStart(3)} ms   p99 ${String(r.latency.p99).padStart(3)} ms   CPU ${r.cpuPerRequest.toFixed(0).padStart(4)} µs/request   errors ${r.errors} (${codes(r)})`;
  console.log(`
API benchmark: ${MACHINES} machines × a year of aggregates, dashboard mix of ${mix.length} endpoints, ${CONNECTIONS} connections,
${ROUNDS} alternating rounds of ${SECONDS} s each, the median round shown (all rounds: floor ${floorRuns.map((r) => r.requests.average.toFixed(0)).join(', ')}; server ${apiRuns.map((r) => r.requests.average.toFixed(0)).join(', ')}; revalidating ${revalidationRuns.map((r) => r.requests.average.toFixed(0)).join(', ')} req/s)
${row('floor (node:http + pg + JSON)', floorResult)}
${row('spindle-server', apiResult)}
${row('spindle-server, revalidating (304s)', revalidation)}
  ratio ${(apiResult.requests.average / floorResult.requests.average).toFixed(2)} × floor req/s (target ≥ 0.7); p99 ${apiResult.latency.p99} ms (target < 25)
  revalidation ${(revalidation.requests.average / apiResult.requests.average).toFixed(2)} × the plain mix's req/s (target ≥ 5; 304s ${revalidation['3xx'] ?? 0} of ${revalidation.requests.total})

Bytes on the wire by Accept-Encoding (issue 14):
${bytes}`);
} finally {
  await admin(`DROP DATABASE IF EXISTS ${src} WITH (FORCE)`).catch(() => {});
  await admin(`DROP DATABASE IF EXISTS ${agg} WITH (FORCE)`).catch(() => {});
  stopServer();
}

/** The bytes a response puts on the wire for one Accept-Encoding (fetch would decompress them). */
function wire(port, path, encoding) {
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path, headers: { 'Accept-Encoding': encoding } }, (res) => {
      let n = 0;
      res.on('data', (d) => (n += d.length));
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`${path} answered ${res.statusCode}`))));
    }).once('error', reject);
  });
}

/** A table of the mix's JSON and CSV, the spec, Swagger UI and the widgets bundle: identity, gzip, br. */
async function wireBytes(port, paths) {
  const groups = [
    [`JSON of ${paths.length} dashboard requests`, paths],
    [`CSV of the same`, paths.map((p) => p.replace('?', '.csv?'))],
    ['openapi.yaml', ['/openapi.yaml']],
    ['Swagger UI (bundle + standalone preset)', ['/docs/static/swagger-ui-bundle.js', '/docs/static/swagger-ui-standalone-preset.js']],
    ['widgets entry', ['/widgets/spindle-widgets.js']],
    [
      'widgets chart chunks (vega, on the first chart)',
      readdirSync(join(root, 'packages/widgets/dist/browser/chunks'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => `/widgets/chunks/${f}`),
    ],
  ];
  const kb = (n) => `${(n / 1024).toFixed(1).padStart(8)} KB`;
  const lines = [];
  for (const [name, group] of groups) {
    const sum = async (encoding) => (await Promise.all(group.map((p) => wire(port, p, encoding)))).reduce((a, b) => a + b, 0);
    const [identity, gzip, br] = [await sum('identity'), await sum('gzip'), await sum('br')];
    lines.push(
      `  ${name.padEnd(50)} identity ${kb(identity)}   gzip ${kb(gzip)} (${(identity / gzip).toFixed(1)}×)   br ${kb(br)} (${(identity / br).toFixed(1)}×)`,
    );
  }
  return lines.join('\n');
}
