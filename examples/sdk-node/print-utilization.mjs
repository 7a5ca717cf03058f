// Prints last week's utilization per machine: running, idle and offline shares of
// the covered time. Usage: SPINDLE_URL=http://localhost:8080 node print-utilization.mjs
import { createSpindleClient } from '@spindle/sdk';

const spindle = createSpindleClient({ baseUrl: process.env.SPINDLE_URL ?? 'http://localhost:8080', apiKey: process.env.SPINDLE_KEY });

// "Last week" ends at the last production day the ETL has computed for each machine.
const status = await spindle.status();
if (status.error) {
  console.error(`cannot read the status: ${status.error.title} ${status.error.detail ?? ''}`);
  process.exit(1);
}
if (status.data.length === 0) {
  console.error('no machine has data yet: run spindle-etl first');
  process.exit(1);
}
const pct = (part, whole) => (whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '-');
for (const machine of status.data) {
  if (!machine.lastDay) {
    console.log(`${machine.machineId.padEnd(8)} no data processed yet`);
    continue;
  }
  const to = machine.lastDay;
  const from = new Date(Date.parse(to) - 6 * 86_400_000).toISOString().slice(0, 10);
  const { data, error } = await spindle.utilization({ machine: machine.machineId, from, to });
  if (error) {
    console.error(`${machine.machineId}: ${error.title}`);
    continue;
  }
  const sum = (key) => data.reduce((s, d) => s + d[key], 0);
  const covered = sum('coveredSeconds');
  if (covered === 0) {
    console.log(`${machine.machineId.padEnd(8)} ${from}..${to}  no data in these days`);
    continue;
  }
  console.log(
    `${machine.machineId.padEnd(8)} ${from}..${to}  running ${pct(sum('runningSeconds'), covered).padStart(7)}  idle ${pct(sum('idleSeconds'), covered).padStart(7)}  offline ${pct(sum('offlineSeconds'), covered).padStart(7)}`,
  );
}
