import { MachineCalendar, parseFleetConfig, type MachineConfig } from '@spindle/core';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { auditMachine } from '../src/run/audit-machine.js';
import { runMachine } from '../src/run/run-machine.js';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { simulateMachine } from '../src/simulate/simulate-machine.js';
import { migrate } from '../src/store/migrate.js';
import { aggregateDifferences, readAggregates } from './etl-harness.js';

const FROM = '2026-01-05';
const DAYS = 95;
const H = 3_600_000;
const drops: (() => Promise<void>)[] = [];
let machine: MachineConfig;
let source: pg.Client;
let target: pg.Client;
let calendar: MachineCalendar;

beforeAll(async () => {
  const src = await createTestDatabase('spindle_audit_src');
  drops.push(src.drop);
  source = await open(src.url);
  drops.push(() => source.end());
  machine = parseFleetConfig(sampleFleet(() => src.url)).machines[0]!;
  calendar = MachineCalendar.of(machine);
  await simulateMachine(source, machine, { from: FROM, days: DAYS, seed: 3, density: 0.05 });
  const agg = await createTestDatabase('spindle_audit_agg');
  drops.push(agg.drop);
  target = await open(agg.url);
  drops.push(() => target.end());
  await migrate(target);
  await runMachine(machine, { target, mode: { kind: 'run' }, source });
}, 300_000);
afterAll(async () => {
  for (const drop of drops.reverse()) await drop();
});

// Issue 26: a row inserted or deleted 90 days back is reflected after the audit, equal to a backfill.
it('recomputes exactly the days whose rows changed, however old, and ends equal to a backfill', async () => {
  const w = Number((await source.query('SELECT max(date)::float8 AS w FROM variable_log_float')).rows[0].w);
  // A row 90 days back, in the middle of a gap, and the rows of one hour 80 days back removed.
  const inserted = w - 90 * 24 * H + 17 * 60_000;
  const { rows: some } = await source.query('SELECT id_var FROM variable_log_float ORDER BY date LIMIT 1');
  await source.query('INSERT INTO variable_log_float VALUES ($1, $2, 1)', [some[0].id_var, inserted]);
  const busy = (
    await source.query(
      `SELECT date / ${H} AS hour FROM variable_log_float WHERE date BETWEEN $1 AND $2 GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`,
      [w - 81 * 24 * H, w - 80 * 24 * H],
    )
  ).rows[0].hour;
  const removed = await source.query(`DELETE FROM variable_log_float WHERE date / ${H} = $1`, [busy]);
  expect(removed.rowCount).toBeGreaterThan(0);

  // The incremental run does not look that far back (metrics.md §9) ...
  const run = await runMachine(machine, { target, mode: { kind: 'run' }, source });
  expect(run.fromDay === null || run.fromDay > calendar.dayOf(w - 3 * 24 * H)).toBe(true);

  // ... the audit does, and recomputes those two days only.
  const audit = await auditMachine(machine, { target });
  const expected = new Set([calendar.dayOf(inserted), calendar.dayOf(busy * H), calendar.dayOf((busy + 1) * H - 1)]);
  expect(audit.days).toEqual([...expected].sort());
  expect(audit.runs.map((r) => r.days).reduce((a, b) => a + b, 0)).toBe(expected.size);

  const ref = await createTestDatabase('spindle_audit_ref');
  drops.push(ref.drop);
  const reference = await open(ref.url);
  try {
    await migrate(reference);
    await runMachine(machine, { target: reference, mode: { kind: 'backfill' }, source });
    expect(aggregateDifferences(await readAggregates(target, machine.id), await readAggregates(reference, machine.id))).toEqual([]);
  } finally {
    await reference.end();
  }

  // Audited again, nothing differs.
  expect((await auditMachine(machine, { target })).days).toEqual([]);
}, 300_000);
