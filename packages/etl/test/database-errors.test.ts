import { parseFleetConfig, type FleetConfig } from '@spindle/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runFleet } from '../src/run/run-fleet.js';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { simulateFleet } from '../src/simulate/simulate-fleet.js';
import { migrate } from '../src/store/migrate.js';
import { throwAwayPostgres, type ThrowAwayPostgres } from '@spindle/test-kit/frozen-postgres';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

// The aggregation DB stops while the first of three machines runs: every machine
// after it must say which database failed, not "Client has encountered a connection error".
let aggregation: ThrowAwayPostgres;
let fleet: FleetConfig;
const drops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  aggregation = throwAwayPostgres();
  const admin = await open(aggregation.url());
  await admin.query('CREATE DATABASE aggregates');
  await admin.end();
  const db = await open(aggregation.url('aggregates'));
  await migrate(db);
  await db.end();
  const src = await createTestDatabase('spindle_dberr_src');
  drops.push(src.drop);
  fleet = parseFleetConfig(sampleFleet(() => src.url));
  await simulateFleet(fleet, { from: '2024-03-25', days: 3, density: 0.2, seed: 9 });
}, 120_000);

afterAll(async () => {
  aggregation?.stop();
  for (const drop of drops) await drop();
});

it('names the aggregation DB in the failure of every machine after it stopped', async () => {
  let stopped = false;
  const outcomes = await runFleet(fleet, {
    databaseUrl: aggregation.url('aggregates'),
    mode: { kind: 'backfill' },
    chunkDays: 1,
    onProgress: (p) => {
      if (!stopped && p.daysDone === 1) {
        stopped = true;
        aggregation.stop();
      }
    },
  });
  expect(stopped).toBe(true);
  expect(outcomes.map((o) => o.outcome)).toEqual(fleet.machines.map(() => 'failed'));
  for (const o of outcomes) {
    expect(o.outcome === 'failed' && o.error, o.machineId).toMatch(/the aggregation DB \(127\.0\.0\.1:\d+\/aggregates\)/);
  }
}, 120_000);
