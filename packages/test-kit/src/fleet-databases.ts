import { type FleetConfig, migrate, parseFleetConfig } from '@spindle/etl';
import { sampleFleet, simulateFleet } from '@spindle/etl/simulate';
import { createTestDatabase, open } from './postgres.js';

export interface FleetDatabases {
  /** The aggregation DB, migrated. */
  databaseUrl: string;
  /** The sample fleet's machines 2207 and 5001, each on an empty production DB of its own. */
  fleet: FleetConfig;
  /** Drops every database made here. */
  drop(): Promise<void>;
}

/**
 * Throw-away databases for two machines of the sample fleet: their production
 * DBs, empty for a simulator to fill, and a migrated aggregation DB.
 */
export async function createFleetDatabases(prefix: string): Promise<FleetDatabases> {
  const drops: (() => Promise<void>)[] = [];
  const agg = await createTestDatabase(`${prefix}_agg`);
  drops.push(agg.drop);
  const sources = new Map<string, string>();
  for (const id of ['2207', '5001']) {
    const src = await createTestDatabase(`${prefix}_src_${id}`);
    drops.push(src.drop);
    sources.set(id, src.url);
  }
  const json = sampleFleet((id) => sources.get(id) ?? 'postgres://unused');
  json.machines = json.machines.filter((m) => sources.has(String(m.id)));
  const db = await open(agg.url);
  await migrate(db);
  await db.end();
  return {
    databaseUrl: agg.url,
    fleet: parseFleetConfig(json),
    drop: async () => {
      for (const drop of drops) await drop();
    },
  };
}

export interface SimulatedMachine {
  /** The fleet config as a file holds it: machine 2207 (Europe/Madrid, three shifts) alone. */
  json: ReturnType<typeof sampleFleet>;
  /** An empty aggregation DB, not migrated: what a new install starts from. */
  databaseUrl: string;
  drop(): Promise<void>;
}

/** Machine 2207's production DB with two simulated days (2024-03-04 and 05, sparse), and an empty aggregation DB. */
export async function createSimulatedMachine(prefix: string): Promise<SimulatedMachine> {
  const src = await createTestDatabase(`${prefix}_src`);
  const agg = await createTestDatabase(`${prefix}_agg`);
  const json = sampleFleet(() => src.url);
  json.machines = [json.machines[0]!];
  await simulateFleet(parseFleetConfig(json), { from: '2024-03-04', days: 2, density: 0.2 });
  return {
    json,
    databaseUrl: agg.url,
    drop: async () => {
      await src.drop();
      await agg.drop();
    },
  };
}
