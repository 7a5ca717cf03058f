import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, parseFleetConfig, runFleet, startWorker, type FleetConfig, type UnitOutcome } from '../src/index.js';
import { sampleFleet, simulateFleet } from '../src/simulate/index.js';
import { aggregateDifferences, readAggregates } from './etl-harness.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const FROM = '2024-03-25';
const DAYS = 6;
const TO = '2024-03-30';

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The real `spindle-etl` binary, as cron or a process manager starts it. */
function start(args: string[], env: Record<string, string>): { child: ChildProcess; exit: Promise<Exit> } {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  const exit = new Promise<Exit>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  return { child, exit };
}

const cli = (args: string[], env: Record<string, string>) => start(args, env).exit;

async function statusJson(env: Record<string, string>) {
  const s = await cli(['status', '--json'], env);
  expect(s.code, s.stderr).toBe(0);
  return JSON.parse(s.stdout);
}

// The scale-out mode of architecture.md: units on a pg-boss queue, run by worker processes.
describe('spindle-etl worker', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-workers-'));
  const drops: (() => Promise<void>)[] = [];
  let fleet: FleetConfig;
  let config: string;
  let reference: pg.Client;

  async function freshAggregationDb(): Promise<{ url: string; db: pg.Client }> {
    const agg = await createTestDatabase('spindle_workers_agg');
    drops.push(agg.drop);
    const db = await open(agg.url);
    drops.push(() => db.end());
    await migrate(db);
    return { url: agg.url, db };
  }

  /** Every machine's aggregates equal those of the single-process backfill. */
  async function expectSameAsSingleProcess(db: pg.Client): Promise<void> {
    for (const m of fleet.machines) {
      expect(aggregateDifferences(await readAggregates(db, m.id), await readAggregates(reference, m.id)), `machine ${m.id}`).toEqual([]);
    }
  }

  const units = async (db: pg.Client) =>
    (
      await db.query<{ id: string; state: string; retry_count: number }>(
        `SELECT id::text, state::text, retry_count FROM spindle_queue.job WHERE name = 'spindle-etl-unit'`,
      )
    ).rows;

  beforeAll(async () => {
    // Twelve machines on the three sample profiles (three zones, one with shifts).
    const sources: string[] = [];
    for (let i = 0; i < 12; i++) {
      const src = await createTestDatabase(`spindle_workers_src_${i}`);
      drops.push(src.drop);
      sources.push(src.url);
    }
    const profiles = sampleFleet(() => '').machines;
    const json = {
      machines: sources.map((source, i) => ({ ...profiles[i % 3], id: `m${String(i).padStart(2, '0')}`, name: `Machine ${i}`, source })),
    };
    config = join(dir, 'fleet.json');
    writeFileSync(config, JSON.stringify(json));
    fleet = parseFleetConfig(json);
    await simulateFleet(fleet, { from: FROM, days: DAYS, density: 0.1, seed: 12 });
    const ref = await freshAggregationDb();
    reference = ref.db;
    const outcomes = await runFleet(fleet, { databaseUrl: ref.url, mode: { kind: 'backfill' } });
    expect(outcomes.every((o) => o.outcome === 'succeeded')).toBe(true);
  }, 300_000);

  afterAll(async () => {
    for (const drop of drops.reverse()) await drop().catch(() => {});
  });

  it('four machines side by side: the rows of the single-process backfill, one aggregation connection per lane; the audit likewise', async () => {
    const { url, db } = await freshAggregationDb();
    let opened = 0;
    const done: string[] = [];
    const outcomes = await runFleet(fleet, {
      aggregation: async () => {
        opened++;
        return open(url);
      },
      mode: { kind: 'backfill' },
      concurrency: 4,
      onMachineDone: (o) => done.push(o.machineId),
    });
    expect(opened).toBe(4);
    expect(outcomes.map((o) => [o.machineId, o.outcome])).toEqual(fleet.machines.map((m) => [m.id, 'succeeded']));
    expect(done.toSorted()).toEqual(fleet.machines.map((m) => m.id));
    await expectSameAsSingleProcess(db);

    // The nightly audit, three machines at a time: every machine compared, nothing changed.
    const audit = await cli(['audit', '--concurrency', '3', '--log', 'json'], { DATABASE_URL: url, SPINDLE_CONFIG: config });
    expect(audit.code, audit.stderr).toBe(0);
    const audited = audit.stderr
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line))
      .filter((e) => e.event === 'audited');
    expect(audited.map((e) => e.machineId).toSorted()).toEqual(fleet.machines.map((m) => m.id));
    expect(audited.every((e) => e.hours > 0 && e.days.length === 0)).toBe(true);
  }, 300_000);

  it('a worker keeps its aggregation connection from one unit to the next', async () => {
    const { url, db } = await freshAggregationDb();
    const env = { DATABASE_URL: url, SPINDLE_CONFIG: config };
    const queued = await cli(['enqueue'], env);
    expect(queued.stderr).toContain('queued 12 unit(s)');
    const outcomes: UnitOutcome[] = [];
    const worker = await startWorker(fleet, { databaseUrl: url, pollSeconds: 0.5, onUnit: (u) => outcomes.push(u) });
    try {
      await expect.poll(() => outcomes.length, { timeout: 120_000 }).toBe(12);
      expect(outcomes.every((o) => o.outcome === 'succeeded')).toBe(true);
      // One connection, opened before the first run started, served all twelve.
      const { rows } = await db.query<{ before_first_run: boolean }>(
        `SELECT a.backend_start <= (SELECT min(started_at) FROM spindle_run) AS before_first_run
           FROM pg_stat_activity a WHERE a.application_name = 'spindle-etl-worker' AND a.datname = current_database()`,
      );
      expect(rows).toEqual([{ before_first_run: true }]);
    } finally {
      await worker.stop();
    }
  }, 300_000);

  it('three workers run every unit exactly once, with the rows of the single-process backfill', async () => {
    const { url, db } = await freshAggregationDb();
    const env = { DATABASE_URL: url, SPINDLE_CONFIG: config };
    const queued = await cli(['backfill', '--queue', '--from', FROM, '--to', TO, '--unit-days', '2'], env);
    expect(queued.code, queued.stderr).toBe(0);
    expect(queued.stderr).toContain('queued 36 unit(s)');

    const workers = [1, 2, 3].map(() => start(['worker', '--exit-when-idle', '--poll', '0.5', '--log', 'json'], env));
    const exits = await Promise.all(workers.map((w) => w.exit));
    for (const e of exits) expect(e.code, e.stderr).toBe(0);

    expect((await units(db)).map((u) => u.state)).toEqual(Array(36).fill('completed'));
    const runs = await db.query<{ job_id: string; n: number }>(
      `SELECT job_id, count(*)::int AS n FROM spindle_run WHERE job_id IS NOT NULL GROUP BY job_id`,
    );
    expect(runs.rows).toHaveLength(36);
    expect(runs.rows.every((r) => r.n === 1)).toBe(true);
    const byWorker = await db.query<{ worker: string }>(`SELECT DISTINCT worker FROM spindle_run WHERE job_id IS NOT NULL`);
    expect(byWorker.rows.length).toBeGreaterThan(1);
    await expectSameAsSingleProcess(db);

    const { queue } = await statusJson(env);
    expect(queue.counts).toEqual({ waiting: 0, retrying: 0, active: 0, done: 36, failed: 0 });
    expect(queue.recent[0]).toMatchObject({ kind: 'backfill', status: 'succeeded', attempt: 1 });
  }, 240_000);

  it('a worker killed with -9 mid-unit: its unit completes on another worker, rows as the single-process backfill', async () => {
    const { url, db } = await freshAggregationDb();
    const env = { DATABASE_URL: url, SPINDLE_CONFIG: config };
    const queued = await cli(
      ['backfill', '--queue', '--from', FROM, '--to', TO, '--unit-days', '3', '--unit-timeout', '3', '--retry-delay', '1'],
      env,
    );
    expect(queued.code, queued.stderr).toBe(0);

    const doomed = start(['worker', '--poll', '0.5'], env);
    let active: { id: string } | undefined;
    while (!active) {
      active = (await units(db)).find((u) => u.state === 'active');
      if (!active) await new Promise((r) => setTimeout(r, 10));
    }
    doomed.child.kill('SIGKILL');
    await doomed.exit;
    const killed = (await units(db)).find((u) => u.id === active!.id)!;
    expect(killed.state).toBe('active'); // lost with its worker, until its timeout

    const workers = [1, 2].map(() => start(['worker', '--exit-when-idle', '--poll', '0.5', '--maintenance', '1'], env));
    for (const e of await Promise.all(workers.map((w) => w.exit))) expect(e.code, e.stderr).toBe(0);

    const after = await units(db);
    expect(after.every((u) => u.state === 'completed')).toBe(true);
    expect(after.find((u) => u.id === active!.id)!.retry_count).toBeGreaterThanOrEqual(1);
    await expectSameAsSingleProcess(db);
  }, 240_000);

  it('a unit that keeps failing ends as failed after its retries, the others complete, and SIGTERM stops a worker', async () => {
    const { url } = await freshAggregationDb();
    const withDead = join(dir, 'fleet-dead.json');
    const json = { machines: [...fleet.machines.slice(0, 2), { id: 'dead', source: 'postgres://nobody@127.0.0.1:1/none' }] };
    writeFileSync(withDead, JSON.stringify(json));
    const env = { DATABASE_URL: url, SPINDLE_CONFIG: withDead };
    const queued = await cli(['enqueue', '--retries', '2', '--retry-delay', '1'], env);
    expect(queued.code, queued.stderr).toBe(0);
    const worker = await cli(['worker', '--exit-when-idle', '--poll', '0.5', '--concurrency', '2'], env);
    expect(worker.code, worker.stderr).toBe(0);
    expect(worker.stderr.match(/unit dead incremental \(try \d\) failed: cannot connect to the production DB/g)).toHaveLength(3);

    const status = await statusJson(env);
    expect(status.queue.counts).toMatchObject({ done: 2, failed: 1, waiting: 0, retrying: 0, active: 0 });
    expect(status.queue.failed).toEqual([expect.objectContaining({ unit: { machineId: 'dead', mode: { kind: 'run' } }, tries: 3 })]);
    expect(status.machines.find((m: { machineId: string }) => m.machineId === 'dead').lastRun).toMatchObject({ status: 'failed' });
    expect(status.machines.filter((m: { lastRun: { status: string } }) => m.lastRun.status === 'succeeded')).toHaveLength(2);

    // Under a process manager: runs until SIGTERM, then stops cleanly.
    const idle = start(['worker', '--poll', '0.5'], env);
    await new Promise<void>((resolve) => idle.child.stderr!.on('data', (d) => String(d).includes('started') && resolve()));
    idle.child.kill('SIGTERM');
    const stopped = await idle.exit;
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(stopped.stderr).toMatch(/SIGTERM: finishing the units in hand, then stopping[\s\S]*worker \S+ stopped/);
  }, 120_000);
});
