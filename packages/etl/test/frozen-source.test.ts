import { parseFleetConfig, type FleetConfig } from '@spindle/core';
import { readStatus } from '@spindle/core/store';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runFleet } from '../src/run/run-fleet.js';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { simulateFleet } from '../src/simulate/simulate-fleet.js';
import { migrate } from '../src/store/migrate.js';
import { throwAwayPostgres, type ThrowAwayPostgres } from '@spindle/test-kit/frozen-postgres';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

// Machine 2207 reads a production DB that freezes; 5001 comes after it in the same run.
let frozen: ThrowAwayPostgres;
let fleet: FleetConfig;
let aggUrl: string;
const drops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  frozen = throwAwayPostgres();
  const other = await createTestDatabase('spindle_frozen_src');
  const agg = await createTestDatabase('spindle_frozen_agg');
  drops.push(other.drop, agg.drop);
  aggUrl = agg.url;
  const json = sampleFleet((id) => (id === '2207' ? frozen.url('prod2207') : other.url));
  json.machines = json.machines.filter((m) => m.id === '2207' || m.id === '5001');
  fleet = parseFleetConfig(json);
  await simulateFleet(fleet, { from: '2024-03-25', days: 4, density: 0.2, seed: 5 });
  const db = await open(aggUrl);
  await migrate(db);
  await db.end();
}, 120_000);

afterAll(async () => {
  frozen?.stop();
  for (const drop of drops) await drop();
});

async function heldLocks(): Promise<number> {
  const db = await open(aggUrl);
  try {
    // pg_locks is the whole server's: only this database's locks count.
    const { rows } = await db.query(
      `SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND classid = ${0x5350}
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows[0].n;
  } finally {
    await db.end();
  }
}

it('fails only the machine whose production DB freezes mid-run, within its time limit, naming the database; the lock is released', async () => {
  const started = Date.now();
  let frozenAt = 0;
  let failedAt = 0;
  const outcomes = await runFleet(fleet, {
    databaseUrl: aggUrl,
    mode: { kind: 'backfill' },
    chunkDays: 1,
    sourceTimeoutSeconds: 2,
    onProgress: (p) => {
      // After the first day is written: the production queries of the next day hang.
      if (p.machineId === '2207' && p.daysDone === 1 && !frozenAt) {
        frozen.freeze();
        frozenAt = Date.now();
      }
    },
    onMachineDone: (o) => {
      if (o.machineId === '2207') failedAt = Date.now();
    },
  });
  const [first, second] = outcomes;
  expect(first).toMatchObject({ machineId: '2207', outcome: 'failed' });
  expect(first!.outcome === 'failed' && first!.error).toMatch(
    /^the production DB of machine 2207 \(127\.0\.0\.1:\d+\/prod2207\) did not answer within 2 s$/,
  );
  expect(second).toMatchObject({ machineId: '5001', outcome: 'succeeded' });
  expect(frozenAt).toBeGreaterThan(started);
  expect(failedAt - frozenAt).toBeLessThan(2000 + 1500);
  expect(await heldLocks()).toBe(0);

  const db = await open(aggUrl);
  try {
    const status = await readStatus(db);
    expect(status.find((s) => s.machineId === '2207')).toMatchObject({ currentRun: null, lastRun: { status: 'failed' } });
    // Nothing of the failed run was written: its first day stayed rolled back.
    expect((await db.query(`SELECT count(*)::int AS n FROM utilization_day WHERE machine_id = '2207'`)).rows[0].n).toBe(0);
  } finally {
    await db.end();
  }
}, 60_000);

it('fails a machine whose production DB is frozen before the run within the limit, at connecting', async () => {
  const started = Date.now();
  const outcomes = await runFleet(fleet, { databaseUrl: aggUrl, mode: { kind: 'run' }, machineId: '2207', sourceTimeoutSeconds: 2 });
  expect(outcomes[0]).toMatchObject({ machineId: '2207', outcome: 'failed' });
  expect(outcomes[0]!.outcome === 'failed' && outcomes[0]!.error).toMatch(
    /^cannot connect to the production DB of machine 2207 \(127\.0\.0\.1:\d+\/prod2207\): /,
  );
  expect(Date.now() - started).toBeLessThan(2000 + 1500);
  expect(await heldLocks()).toBe(0);
  frozen.thaw();
  const again = await runFleet(fleet, { databaseUrl: aggUrl, mode: { kind: 'run' }, machineId: '2207', sourceTimeoutSeconds: 2 });
  expect(again[0]).toMatchObject({ outcome: 'succeeded' });
}, 60_000);
