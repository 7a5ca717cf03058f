// npm run bench:workers — the scale-out mode: wall time of one simulated fleet's
// backfill with 1, 2 and 4 worker processes on the queue, against the
// single-process backfill of the same fleet measured in the same run.
// Issue 7: print the scaling ratio and per-worker throughput, and where it stops.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchPostgres } from '../../../scripts/bench-postgres.mjs';
import { migrate, parseFleetConfig, runFleet } from '../dist/index.js';
import { sampleFleet, simulateFleet } from '../dist/simulate.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const BIN = join(here, '../dist/cli/main.js');
const MACHINES = Number(process.env.BENCH_MACHINES ?? 8);
const DAYS = Number(process.env.BENCH_DAYS ?? 28);
const DENSITY = Number(process.env.BENCH_DENSITY ?? 1);
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number);
// One production-DB connection per unit, so one worker keeps about one core busy
// and the scaling with workers shows (the default of 2 already fills 2 cores alone).
const SOURCE_CONNECTIONS = Number(process.env.BENCH_SOURCE_CONNECTIONS ?? 1);
const UNIT_DAYS = Number(process.env.BENCH_UNIT_DAYS ?? 31);
const FROM = '2025-02-03';

const { url, sql, stop: stopPg } = benchPostgres('54340');
const created = [];
async function createDb(name) {
  await sql('postgres', `CREATE DATABASE ${name}`);
  created.push(name);
  return url(name);
}
const run = (args, env) =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`spindle-etl ${args[0]} exited ${code}: ${err}`))));
  });
const addDays = (day, n) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

try {
  const tag = process.pid;
  const profiles = sampleFleet(() => '').machines;
  const machines = [];
  for (let i = 0; i < MACHINES; i++)
    machines.push({ ...profiles[i % 3], id: `m${i}`, name: `Machine ${i}`, source: await createDb(`bench_w_src${i}_${tag}`) });
  const dir = mkdtempSync(join(tmpdir(), 'spindle-workers-bench-'));
  const config = join(dir, 'fleet.json');
  writeFileSync(config, JSON.stringify({ machines }));
  const fleet = parseFleetConfig({ machines });
  console.log(`simulating ${MACHINES} machines × ${DAYS} days (density ${DENSITY})…`);
  await simulateFleet(fleet, { from: FROM, days: DAYS, density: DENSITY, seed: 21 });
  const to = addDays(FROM, DAYS - 1);

  const fresh = async (name) => {
    const u = await createDb(`${name}_${tag}`);
    const c = new pg.Client({ connectionString: u });
    await c.connect();
    await migrate(c);
    await c.end();
    return u;
  };
  const single = await fresh('bench_w_single');
  let t = performance.now();
  const outcomes = await runFleet(fleet, { databaseUrl: single, mode: { kind: 'backfill' }, sourceConnections: SOURCE_CONNECTIONS });
  const singleMs = performance.now() - t;
  const rows = outcomes.reduce((s, o) => s + (o.outcome === 'succeeded' ? o.result.rowsRead : 0), 0);
  console.log(
    `\n${rows.toLocaleString('en')} rows read per backfill; ${availableParallelism()} cores on this machine, shared with PostgreSQL;`,
  );
  console.log(`${SOURCE_CONNECTIONS} production-DB connection(s) per unit, units of ${UNIT_DAYS} days\n`);
  console.log('mode                      wall s       rows/s   per worker');
  const line = (label, ms, workers) =>
    console.log(
      `${label.padEnd(25)} ${(ms / 1000).toFixed(1).padStart(6)}   ${Math.round(rows / (ms / 1000))
        .toLocaleString('en')
        .padStart(10)}   ${Math.round(rows / (ms / 1000) / workers)
        .toLocaleString('en')
        .padStart(10)}`,
    );
  line('single process (run)', singleMs, 1);

  let oneWorkerMs;
  for (const n of WORKERS) {
    const u = await fresh(`bench_w_q${n}`);
    const env = { DATABASE_URL: u, SPINDLE_CONFIG: config };
    await run(['backfill', '--queue', '--from', FROM, '--to', to, '--unit-days', String(UNIT_DAYS)], env);
    t = performance.now();
    await Promise.all(
      Array.from({ length: n }, () =>
        run(['worker', '--exit-when-idle', '--poll', '0.5', '--source-connections', String(SOURCE_CONNECTIONS)], env),
      ),
    );
    const ms = performance.now() - t;
    oneWorkerMs ??= ms;
    const label = `${n} worker${n > 1 ? 's' : ''} (queue)`;
    line(label, ms, n);
    console.log(
      `${''.padEnd(25)} scaling ${(oneWorkerMs / ms).toFixed(2)}× of 1 worker (ideal ${n}×), efficiency ${((100 * oneWorkerMs) / ms / n).toFixed(0)} %`,
    );
  }
  console.log(`\nWith ${availableParallelism()} cores, workers and PostgreSQL compete for the same CPUs: the ETL is CPU-bound in`);
  console.log("PostgreSQL (docs/performance.md), so scaling stops at the database host's cores; past them, add hosts (docs/scaling.md).");
} finally {
  for (const db of created.reverse()) await sql('postgres', `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`).catch(() => {});
  stopPg();
}
