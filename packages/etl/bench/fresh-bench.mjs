// npm run bench:fresh — what a fleet pays to stay fresh to the minute (issue 26).
// MACHINES simulated machines (`simulate --days 3 --density 4`, their rows held
// back from today 12:20 UTC), aggregated once; then rounds in which every machine
// logs one more minute, and rounds in which nothing arrived: each round one
// `spindle-etl run` process over the fleet, as cron runs it, and the same rounds
// in one `spindle-etl run --every` process; each with machines in turn and with
// four side by side (`--concurrency`). Prints milliseconds per machine per round
// (wall time of the round over the machines) and the floor measured in the same
// run: a process that opens one connection to every production DB and asks it one
// question, the least a round can cost. Beside the wall time, the host's CPU time
// over the round per machine (the ETL and PostgreSQL together, from /proc/stat):
// what a round costs a core, whatever ran side by side.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { benchPostgres } from '../../../scripts/bench-postgres.mjs';
import { migrate, parseFleetConfig } from '../dist/index.js';
import { LiveFleet, sampleFleet } from '../dist/simulate.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const BIN = join(here, '../dist/cli/main.js');
const MACHINES = Number(process.env.BENCH_MACHINES ?? 40);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
// Each kind of round runs with each of these `--concurrency` settings (machines side by side).
const LANES = (process.env.BENCH_CONCURRENCY ?? '1,4').split(',').map(Number);
const MINUTE = 60_000;

const { url, sql, stop: stopPg } = benchPostgres('54341');
const tag = process.pid;
const created = [];
async function createDb(name) {
  await sql('postgres', `CREATE DATABASE ${name}`);
  created.push(name);
  return url(name);
}

/** CPU time the host has spent busy so far, ms (user, nice, system, irq, softirq of /proc/stat; 100 ticks a second). */
function hostBusyMs() {
  const [user, nice, system, , , irq, softirq] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return (user + nice + system + irq + softirq) * 10;
}

/** CPU time (ms) process `pid` has used so far, or null once it is gone. */
function processCpuMs(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, 100 ticks a second
  } catch {
    return null;
  }
}

/**
 * CPU time so far of the ETL process and of each PostgreSQL backend serving it,
 * by pid: kind 'etl', 'aggregation' (backends of database `aggDb`) or 'production'.
 */
async function cpuByProcess(admin, etlPid, aggDb) {
  const { rows } = await admin.query(`SELECT pid, datname = $1 AS agg FROM pg_stat_activity WHERE application_name = 'spindle-etl'`, [
    aggDb,
  ]);
  const all = new Map();
  for (const [pid, kind] of [[etlPid, 'etl'], ...rows.map((r) => [r.pid, r.agg ? 'aggregation' : 'production'])]) {
    const ms = processCpuMs(pid);
    if (ms !== null) all.set(pid, { kind, ms });
  }
  return all;
}

/** CPU time each kind of process used between two `cpuByProcess` snapshots (a process new since counts from its start). */
function cpuBetween(before, after) {
  const used = { etl: 0, aggregation: 0, production: 0 };
  for (const [pid, { kind, ms }] of after) used[kind] += ms - (before.get(pid)?.ms ?? 0);
  return used;
}

/** Runs spindle-etl to its end; resolves with its wall time in ms, and pushes the host's busy CPU time over it to `cpu`. */
function etl(args, env, cpu = []) {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const busy = hostBusyMs();
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    // BENCH_VERBOSE=1 prints each machine's line of every round.
    if (process.env.BENCH_VERBOSE) {
      child.stderr.on('data', (d) => {
        for (const line of String(d).split('\n')) if (line.includes('machine-done')) console.log(JSON.parse(line).msg);
      });
    }
    child.on('close', (code) => {
      cpu.push(hostBusyMs() - busy);
      code === 0 ? resolve(performance.now() - t) : reject(new Error(`spindle-etl ${args.join(' ')} exited ${code}: ${err}`));
    });
  });
}

/** A process that connects once to every production DB and asks `SELECT 1`: what any round pays at least. */
function floor(sources, cpu) {
  const code = `
    const pg = require('pg');
    (async () => {
      for (const s of ${JSON.stringify(sources)}) { const c = new pg.Client({ connectionString: s }); await c.connect(); await c.query('SELECT 1'); await c.end(); }
    })().catch((e) => { console.error(e); process.exit(1); });`;
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const busy = hostBusyMs();
    const child = spawn(process.execPath, ['-e', code], { cwd: here, stdio: 'inherit' });
    child.on('close', (c) => {
      cpu.push(hostBusyMs() - busy);
      c === 0 ? resolve(performance.now() - t) : reject(new Error(`floor exited ${c}`));
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const perMachine = (ms) => ms / MACHINES;
const fmt = (ms) => `${perMachine(ms).toFixed(1).padStart(6)} ms`;
const rounds = (xs) => xs.map((x) => perMachine(x).toFixed(1)).join(', ');

/** One line per kind of round: median wall and CPU time per machine, every round's, and the target. */
function report(label, { wall, cpu }, target) {
  console.log(
    `  ${label.padEnd(30)} wall ${fmt(median(wall))}  cpu ${fmt(median(cpu))}${target ? `   target ≤ ${target} ms` : ''}\n` +
      `  ${''.padEnd(30)} rounds, wall: ${rounds(wall)}; cpu: ${rounds(cpu)}`,
  );
}

let live;
let admin;
try {
  const profiles = sampleFleet(() => '').machines;
  const machines = [];
  for (let i = 0; i < MACHINES; i++)
    machines.push({
      ...profiles[i % profiles.length],
      id: `m${i}`,
      name: `Machine ${i}`,
      source: await createDb(`bench_f_src${i}_${tag}`),
    });
  const dir = mkdtempSync(join(tmpdir(), 'spindle-fresh-bench-'));
  const config = join(dir, 'fleet.json');
  writeFileSync(config, JSON.stringify({ machines }));
  const agg = await createDb(`bench_f_agg_${tag}`);
  const c = new pg.Client({ connectionString: agg });
  await c.connect();
  await migrate(c);
  await c.end();
  const env = { SPINDLE_CONFIG: config, DATABASE_URL: agg };

  const today = new Date().toISOString().slice(0, 10);
  // A round re-reads its hour from the start, so its cost grows through the hour:
  // the rounds' minutes (12:21 to 12:40 with the defaults) are centred on its middle.
  let now = Date.parse(`${today}T12:20:00Z`);
  console.log(`simulating ${MACHINES} machines × 3 days + today to 12:20 UTC (density 4)…`);
  ({ live } = await LiveFleet.start(parseFleetConfig({ machines }), { days: 3, density: 4, now, seed: 26 }));
  const t = performance.now();
  await etl(['run', '--log', 'json'], env);
  console.log(`first run (every machine's whole history): ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const sources = machines.map((m) => m.source);
  const floors = { wall: [], cpu: [] };
  const cron = LANES.map(() => ({ minute: { wall: [], cpu: [] }, nothing: { wall: [], cpu: [] } }));
  let appended = 0;
  for (let r = 0; r < ROUNDS; r++) {
    floors.wall.push(await floor(sources, floors.cpu));
    for (const [i, lanes] of LANES.entries()) {
      const args = ['run', '--concurrency', String(lanes), '--log', 'json'];
      now += MINUTE;
      appended += await live.append(now);
      cron[i].minute.wall.push(await etl(args, env, cron[i].minute.cpu));
      cron[i].nothing.wall.push(await etl(args, env, cron[i].nothing.cpu));
    }
  }
  console.log(
    `\n${appended.toLocaleString('en')} rows appended over ${ROUNDS * LANES.length} minutes (${Math.round(appended / ROUNDS / LANES.length / MACHINES)} per machine-minute)`,
  );
  console.log('\none process per round, as cron runs it, per machine:');
  report('floor (connect + SELECT 1)', floors);
  for (const [i, lanes] of LANES.entries()) {
    report(`one new minute, ${lanes} at once`, cron[i].minute, 30);
    report(`nothing new, ${lanes} at once`, cron[i].nothing, 15);
  }

  // The long-running mode: one process, rounds back to back; one new minute before every other round.
  const odd = (xs, parity) => xs.filter((_, i) => i % 2 === parity);
  console.log('\none `run --every` process, per machine:');
  admin = new pg.Client({ connectionString: url('postgres') });
  await admin.connect();
  for (const lanes of LANES) {
    const every = await everyRounds(env, lanes, ROUNDS * 2, { admin, aggDb: `bench_f_agg_${tag}` }, async (round) => {
      if (round % 2 === 0) {
        now += MINUTE;
        await live.append(now);
      }
    });
    for (const [parity, label, target] of [
      [0, 'one new minute', 30],
      [1, 'nothing new', 15],
    ]) {
      report(`${label}, ${lanes} at once`, { wall: odd(every.wall, parity), cpu: odd(every.cpu, parity) }, target);
      const split = odd(every.split, parity);
      const part = (kind) => fmt(median(split.map((s) => s[kind]))).trim();
      console.log(
        `  ${''.padEnd(30)} cpu by process (median): the ETL ${part('etl')}, aggregation DB ${part('aggregation')}, production DBs ${part('production')}`,
      );
    }
  }
} finally {
  await admin?.end();
  await live?.close();
  for (const name of created.reverse()) await sql('postgres', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
  stopPg();
}

/**
 * Starts `run --every 2 --concurrency LANES`, and before each round calls `before(i)`; resolves with
 * each round's duration as the process logged it, the host's busy CPU time
 * from `before` to the round's line, and the CPU time of the ETL process and its
 * backends over the same span (ms), after the first round, which opens the
 * connections.
 */
function everyRounds(env, lanes, rounds, { admin, aggDb }, before) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run', '--every', '2', '--concurrency', String(lanes), '--log', 'json'], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const durations = { wall: [], cpu: [], split: [] };
    let busy = 0;
    let processes = new Map();
    let seen = -1;
    let out = '';
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const onLine = async (line) => {
      let event;
      try {
        event = JSON.parse(line);
      } catch {
        return;
      }
      if (event.event !== 'round') return;
      if (seen >= 0) {
        durations.wall.push(event.seconds * 1000);
        durations.cpu.push(hostBusyMs() - busy);
        durations.split.push(cpuBetween(processes, await cpuByProcess(admin, child.pid, aggDb)));
      }
      seen++;
      if (seen === rounds) child.kill('SIGTERM');
      else {
        await before(seen);
        // From here to the next round's line: the wait for the round (idle) and the round.
        processes = await cpuByProcess(admin, child.pid, aggDb);
        busy = hostBusyMs();
      }
    };
    let chain = Promise.resolve();
    const onData = (d) => {
      out += d;
      let i = out.indexOf('\n');
      while (i >= 0) {
        const line = out.slice(0, i);
        out = out.slice(i + 1);
        chain = chain.then(() => onLine(line)).catch(reject);
        i = out.indexOf('\n');
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', (code) =>
      code === 0 ? chain.then(() => resolve(durations)) : reject(new Error(`run --every exited ${code}: ${err}`)),
    );
  });
}
