import pg from 'pg';
import { createServer as createHttpServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import { migrate, parseFleetConfig, runFleet, sampleFleet, simulateFleet } from '../../etl/dist/index.js';
import { createServer } from '../dist/index.js';
const url = (db) => `postgres://postgres@127.0.0.1:54329/${db}`;
const admin = new pg.Client({ connectionString: url('postgres') }); await admin.connect();
if (!process.env.KEEP) {
  for (const d of ['pf_src', 'pf_agg']) { await admin.query(`DROP DATABASE IF EXISTS ${d} WITH (FORCE)`); await admin.query(`CREATE DATABASE ${d}`); }
  const json = sampleFleet(() => url('pf_src')); json.machines = [json.machines[0]];
  const fleet = parseFleetConfig(json);
  await simulateFleet(fleet, { from: '2025-01-01', days: 60, density: 0.05, seed: 9 });
  const c = new pg.Client({ connectionString: url('pf_agg') }); await c.connect(); await migrate(c); await c.end();
  await runFleet(fleet, { databaseUrl: url('pf_agg'), mode: { kind: 'run' } });
}
await admin.end();
const api = createServer({ databaseUrl: url('pf_agg'), poolSize: 10, log: () => {} });
const server = createHttpServer(api.app).listen(18555, '127.0.0.1', () => console.log('ready'));
process.on('SIGINT', async () => { server.close(); await api.close(); process.exit(0); });
