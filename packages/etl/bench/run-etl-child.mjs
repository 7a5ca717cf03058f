// Runs one ETL pass in its own process and prints its wall time and peak RSS as JSON,
// so the benchmark measures the ETL's memory alone.
import { loadFleetConfig, runFleet } from '../dist/index.js';

const [configPath, databaseUrl, modeJson] = process.argv.slice(2);
const fleet = await loadFleetConfig(configPath);
const started = performance.now();
const outcomes = await runFleet(fleet, { databaseUrl, mode: JSON.parse(modeJson) });
const ms = performance.now() - started;
const failed = outcomes.filter((o) => o.outcome !== 'succeeded');
if (failed.length > 0) {
  console.error(JSON.stringify(failed));
  process.exit(1);
}
const r = outcomes[0].result;
console.log(JSON.stringify({ ms, maxRssMb: process.resourceUsage().maxRSS / 1024, rowsRead: r.rowsRead, days: r.days }));
