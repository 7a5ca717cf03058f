// What the benchmarks run on: the PostgreSQL server the PG* variables name, or a
// throw-away one started for the run by scripts/pg-temp.sh on `port`; and one
// simulated machine aggregated into it.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { migrate, parseFleetConfig, runFleet } from '../packages/etl/dist/index.js';
import { sampleFleet, simulateFleet } from '../packages/etl/dist/simulate.js';

const script = join(fileURLToPath(new URL('.', import.meta.url)), 'pg-temp.sh');

export function benchPostgres(port) {
  let stop = () => {};
  if (!process.env.PGHOST) {
    const out = execFileSync(script, ['start', process.env.BENCH_PG_PORT ?? port], { encoding: 'utf8' });
    for (const [, k, v] of out.matchAll(/(\w+)=(\S+)/g)) process.env[k] = v;
    stop = () => execFileSync(script, ['stop', process.env.SPINDLE_PG_DIR]);
    console.log(`started a throw-away PostgreSQL on port ${process.env.PGPORT}`);
  }
  const url = (db) => `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST}:${process.env.PGPORT}/${db}`;
  /** One statement on a connection of its own to database `db`. */
  const sql = async (db, text, values) => {
    const c = new pg.Client({ connectionString: url(db) });
    await c.connect();
    try {
      return await c.query(text, values);
    } finally {
      await c.end();
    }
  };
  return { url, sql, stop };
}

/**
 * Simulates the sample fleet's first machine (Europe/Madrid, three shifts) into
 * production DB `src` and runs the ETL into aggregation DB `agg`; both exist.
 */
export async function aggregatedMachine(url, src, agg, simulation) {
  const json = sampleFleet(() => url(src));
  json.machines = [json.machines[0]];
  const fleet = parseFleetConfig(json);
  await simulateFleet(fleet, simulation);
  const db = new pg.Client({ connectionString: url(agg) });
  await db.connect();
  try {
    await migrate(db);
  } finally {
    await db.end();
  }
  await runFleet(fleet, { databaseUrl: url(agg), mode: { kind: 'run' } });
}
