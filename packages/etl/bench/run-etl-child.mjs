// Runs one ETL pass in its own process and prints its wall time and peak RSS as JSON,
// so the benchmark measures the ETL's memory alone.
import pg from 'pg';
import { auditMachine, loadFleetConfig, runFleet } from '../dist/index.js';

const [configPath, databaseUrl, modeJson] = process.argv.slice(2);
const fleet = await loadFleetConfig(configPath);
const started = performance.now();
if (JSON.parse(modeJson).kind === 'audit') {
  const target = new pg.Client({ connectionString: databaseUrl });
  await target.connect();
  const r = await auditMachine(fleet.machines[0], { target });
  await target.end();
  const ms = performance.now() - started;
  console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rowsRead: 0, days: r.days.length, hours: r.hours }));
  process.exit(0);
}
const outcomes = await runFleet(fleet, { databaseUrl, mode: JSON.parse(modeJson) });
const ms = performance.now() - started;
const failed = outcomes.filter((o) => o.outcome !== 'succeeded');
if (failed.length > 0) {
  console.error(JSON.stringify(failed));
  process.exit(1);
}
const r = outcomes[0].result;
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rowsRead: r.rowsRead, days: r.days }));
