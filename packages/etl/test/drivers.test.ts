import { ConfigError, parseFleetConfig, type FleetConfig } from '@spindle/core';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runFleet } from '../src/run/run-fleet.js';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { simulateFleet } from '../src/simulate/simulate-fleet.js';
import { migrate } from '../src/store/migrate.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

let fleet: FleetConfig;
let aggUrl: string;
let srcUrl: string;
const drops: (() => Promise<void>)[] = [];
beforeAll(async () => {
  const src = await createTestDatabase('spindle_drivers_src');
  const agg = await createTestDatabase('spindle_drivers_agg');
  drops.push(src.drop, agg.drop);
  [srcUrl, aggUrl] = [src.url, agg.url];
  // The configured source points nowhere: only the injected opener reaches the data.
  const json = sampleFleet(() => 'postgres://nobody@127.0.0.1:1/nowhere');
  json.machines = [json.machines[0]!];
  fleet = parseFleetConfig(json);
  await simulateFleet(parseFleetConfig(sampleFleet(() => srcUrl)), {
    from: '2024-03-25',
    days: 2,
    density: 0.1,
    seed: 8,
    machineId: '2207',
  });
  const db = await open(aggUrl);
  await migrate(db);
  await db.end();
});
afterAll(async () => {
  for (const drop of drops) await drop();
});

// As kysely takes its dialect: an application brings its own connections (pool, TLS, secrets).
it('runs on the connections the caller opens, for the aggregation DB and each production DB', async () => {
  const opened: string[] = [];
  const client = async (url: string, what: string) => {
    opened.push(what);
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    return c;
  };
  const outcomes = await runFleet(fleet, {
    mode: { kind: 'run' },
    aggregation: () => client(aggUrl, 'aggregation'),
    openSource: (machine) => client(srcUrl, `source ${machine.id}`),
    sourceConnections: 2,
  });
  expect(outcomes.map((o) => (o.outcome === 'succeeded' ? o.outcome : o.error))).toEqual(['succeeded']);
  expect(opened).toEqual(['aggregation', 'source 2207', 'source 2207']);
  const db = await open(aggUrl);
  const { rows } = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM utilization_day WHERE machine_id = '2207'`);
  await db.end();
  expect(rows[0]!.n).toBeGreaterThan(0);
});

it('names what is missing when neither databaseUrl nor aggregation is given', async () => {
  await expect(runFleet(fleet, { mode: { kind: 'run' } })).rejects.toThrow(ConfigError);
});
