import { readFileSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseFleetConfig } from '@spindle/core';
import { createTestDatabase, open, serverUrl } from '@spindle/test-kit/postgres';
import { runMachine } from '../src/run/run-machine.js';
import { grantBi } from '../src/store/bi-access.js';
import { migrate } from '../src/store/migrate.js';
import { writeProduction, every5Minutes } from './production-fixture.js';

// The SQL door: a role made by grant-bi, over a real connection, reads the views
// of its machines and nothing else. Two machines share one production DB here.
const ROLE = `spindle_bi_test_${process.pid}`;
const VIEWS = [
  'machines',
  'utilization_day',
  'utilization_shift',
  'states',
  'energy_hour',
  'energy_day',
  'programs',
  'sensor_hour',
  'alarm_occurrences',
  'alarm_day',
  'downtime',
];
let aggUrl: string;
const drops: (() => Promise<void>)[] = [];
let bi: pg.Client;

beforeAll(async () => {
  const src = await createTestDatabase('spindle_bi_src');
  const agg = await createTestDatabase('spindle_bi_agg');
  drops.push(src.drop, agg.drop);
  aggUrl = agg.url;
  const source = await open(src.url);
  await writeProduction(source, {
    floats: [
      ...every5Minutes('IN_OP', '2022-03-26T20:00:00Z', '2022-03-27T00:25:00Z', 1),
      ...every5Minutes('IN_OP', '2022-03-27T00:30:00Z', '2022-03-27T00:40:00Z', 0),
      ...every5Minutes('IN_OP', '2022-03-27T00:45:00Z', '2022-03-27T04:00:00Z', 1),
      ...every5Minutes('MOTOR', '2022-03-26T20:00:00Z', '2022-03-27T04:00:00Z', 40),
      ['PROGRAM', '2022-03-26T20:00:00Z', 12],
      ['TEMP', '2022-03-26T21:00:00Z', 2000],
    ],
    strings: [
      ['ALARMS', '2022-03-27T00:30:00Z', '[["-12", "Door open"]]'],
      ['ALARMS', '2022-03-27T00:45:00Z', '[]'],
    ],
  });
  await source.end();
  const variables = {
    inOperation: 'IN_OP',
    program: 'PROGRAM',
    alarms: 'ALARMS',
    motors: [{ name: 'MOTOR', nominalKw: 20 }],
    sensors: [{ name: 'TEMP', unit: '°C', scale: 0.01 }],
  };
  const fleet = parseFleetConfig({
    machines: [
      { id: 'm1', name: 'Lathe 1', source: src.url, timezone: 'Europe/Madrid', shifts: [{ name: 'A', start: '06:00' }], variables },
      { id: 'm2', source: src.url, timezone: 'Asia/Kolkata', variables },
    ],
  });
  const target = await open(aggUrl);
  await migrate(target);
  for (const machine of fleet.machines) await runMachine(machine, { target, mode: { kind: 'backfill' } });
  await target.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await grantBi(target, ROLE, { machines: ['m1'], password: 'bi-secret' });
  await target.end();
  const url = new URL(aggUrl);
  url.username = ROLE;
  url.password = 'bi-secret';
  bi = new pg.Client({ connectionString: url.toString() });
  await bi.connect();
}, 120_000);

afterAll(async () => {
  await bi?.end();
  for (const drop of drops) await drop();
  const admin = await open(serverUrl());
  await admin.query(`DROP ROLE IF EXISTS ${ROLE}`);
  await admin.end();
});

describe('a role made by grant-bi', () => {
  it.each(VIEWS)('reads spindle_bi.%s, its machine only', async (view) => {
    const { rows } = await bi.query(`SELECT DISTINCT machine_id FROM spindle_bi.${view}`);
    expect(rows.map((r) => r.machine_id)).toEqual(['m1']);
  });

  it('reads local days and instants with their offset, names and zones', async () => {
    const { rows } = await bi.query(
      `SELECT machine_name, timezone, day::text, start_local, state FROM spindle_bi.states ORDER BY start_at LIMIT 1`,
    );
    expect(rows[0]).toEqual({
      machine_name: 'Lathe 1',
      timezone: 'Europe/Madrid',
      day: '2022-03-26',
      start_local: '2022-03-26T21:00:00.000+01:00',
      state: 'RUNNING',
    });
    const { rows: days } = await bi.query(`SELECT day::text, day_start_local FROM spindle_bi.utilization_day ORDER BY day`);
    // The DST day: its start before the change, the next one after it.
    expect(days).toEqual([
      { day: '2022-03-26', day_start_local: '2022-03-26T00:00:00.000+01:00' },
      { day: '2022-03-27', day_start_local: '2022-03-27T00:00:00.000+01:00' },
    ]);
    const { rows: alarms } = await bi.query(`SELECT code, raised_local, duration_seconds FROM spindle_bi.alarm_occurrences`);
    expect(alarms).toEqual([{ code: '-12', raised_local: '2022-03-27T01:30:00.000+01:00', duration_seconds: 900 }]);
  });

  it.each([
    ['SELECT * FROM utilization_day', /permission denied/],
    ['SELECT * FROM public.spindle_machine', /permission denied/],
    ['SELECT * FROM spindle_bi_grant', /permission denied/],
    ['SELECT * FROM spindle_run', /permission denied/],
    [`DELETE FROM spindle_bi.utilization_day`, /permission denied|read-only|cannot delete from view/],
    [`UPDATE spindle_bi.states SET state = 'IDLE'`, /permission denied|read-only|cannot update view/],
    [`CREATE TABLE spindle_bi.mine (x int)`, /permission denied|read-only/],
    [`CREATE TABLE public.mine (x int)`, /permission denied|read-only/],
    [`SET ROLE postgres`, /permission denied/],
  ])('is refused: %s', async (sql, refusal) => {
    await expect(bi.query(sql)).rejects.toThrow(refusal);
  });

  it('runs read-only with a statement timeout', async () => {
    expect((await bi.query('SHOW default_transaction_read_only')).rows[0].default_transaction_read_only).toBe('on');
    expect((await bi.query('SHOW statement_timeout')).rows[0].statement_timeout).toBe('30s');
  });

  it('runs every SQL of docs/bi.md', async () => {
    const page = readFileSync(new URL('../../../docs/bi.md', import.meta.url), 'utf8');
    const statements = [...page.matchAll(/```sql\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const sql of statements) {
      const { rows } = await bi.query(sql);
      expect(rows.length, sql).toBeGreaterThan(0);
    }
  });
});
