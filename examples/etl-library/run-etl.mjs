// Runs the ETL from code: the same work as `spindle-etl migrate && spindle-etl run`,
// with your own logging. Usage: DATABASE_URL=... SPINDLE_CONFIG=spindle.config.yaml node run-etl.mjs
import pg from 'pg';
import { ConfigError, loadFleetConfig, migrate, runFleet } from '@spindle/etl';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('run-etl: set DATABASE_URL to the aggregation DB, e.g. postgres://etl@db/spindle');
  process.exit(2);
}
let fleet;
try {
  fleet = await loadFleetConfig(process.env.SPINDLE_CONFIG || 'spindle.config.yaml');
} catch (err) {
  // The library's errors say what is wrong and how to fix it: print that, not a stack.
  if (!(err instanceof ConfigError)) throw err;
  console.error(`run-etl: ${err.message.replace('pass --config FILE or set SPINDLE_CONFIG', 'set SPINDLE_CONFIG')}`);
  process.exit(2);
}

const db = new pg.Client({ connectionString: databaseUrl });
await db.connect();
await migrate(db);
await db.end();

const outcomes = await runFleet(fleet, {
  databaseUrl,
  mode: { kind: 'run', lookbackHours: 48 },
  onProgress: (p) => console.log(`${p.machineId}: ${p.daysDone}/${p.daysTotal} days`),
});
for (const o of outcomes) {
  if (o.outcome === 'succeeded') console.log(`${o.machineId}: ${o.result.rowsRead} rows read, days ${o.result.fromDay}..${o.result.toDay}`);
  else console.error(`${o.machineId}: ${o.outcome}: ${o.error}`);
}
process.exitCode = outcomes.every((o) => o.outcome === 'succeeded') ? 0 : 1;
