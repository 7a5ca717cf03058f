import { MachineCalendar, parseFleetConfig, type MachineConfig } from '@spindle/core';
import type pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';
import { runMachine, type MachineRunResult } from '../src/run/run-machine.js';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { simulateMachine } from '../src/simulate/simulate-machine.js';
import { migrate } from '../src/store/migrate.js';
import { aggregateDifferences, readAggregates } from './etl-harness.js';

// Runs that recompute only the days whose hours changed (issue 16) must still give
// exactly the rows of a backfill of what the production DB finally holds: late rows
// at the window's first millisecond, at a day start, across the DST change, at the
// watermark itself, of a variable that feeds no metric or of no variable at all,
// and rows removed. Madrid, production days from 06:00, spring DST on 29 March.
const FROM = '2026-03-23';
const ORPHAN = 9999; // logged, in no variable: activity only
const H = 3_600_000;

const drops: (() => Promise<void>)[] = [];
let machine: MachineConfig;
let source: pg.Client;
let grow: pg.Client;
let target: pg.Client;
let calendar: MachineCalendar;
let feedOverride: number;

beforeAll(async () => {
  const src = await createTestDatabase('spindle_late_src');
  const growing = await createTestDatabase('spindle_late_grow');
  const agg = await createTestDatabase('spindle_late_agg');
  drops.push(src.drop, growing.drop, agg.drop);
  [source, grow, target] = [await open(src.url), await open(growing.url), await open(agg.url)];
  machine = parseFleetConfig(sampleFleet(() => src.url)).machines[0]!;
  calendar = MachineCalendar.of(machine);
  await simulateMachine(source, machine, { from: FROM, days: 10, seed: 21, density: 0.2, pattern: 'continuous-weekdays' });
  await simulateMachine(grow, machine, { from: FROM, days: 0, seed: 21 }); // the same schema and variable ids, no rows
  feedOverride = (await grow.query<{ id: number }>(`SELECT id FROM variable WHERE name = 'FEED_OVERRIDE'`)).rows[0]!.id;
  // copyUntil deletes and copies again, leaving dead rows: a vacuum of them would let a late
  // row land in freed space instead of at the tables' end, which a run cannot see by design
  // (docs/metrics-decisions.md; the audit can, test/audit.test.ts). Logs are appended.
  for (const table of ['variable_log_float', 'variable_log_string'])
    await grow.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
  await migrate(target);
});
afterAll(async () => {
  for (const c of [source, grow, target]) await c?.end();
  for (const drop of drops) await drop();
});

/**
 * Makes the growing DB hold the source's rows up to `until`: its earlier rows
 * deleted and copied again with the new ones. The next run must learn of those
 * deletions (else the copied rows look new, from the history's start), so this
 * waits until PostgreSQL has counted them.
 */
async function copyUntil(until: number): Promise<void> {
  for (const [table, type] of [
    ['variable_log_float', 'real'],
    ['variable_log_string', 'text'],
  ] as const) {
    const { rows } = await source.query(`SELECT id_var, date, value FROM ${table} WHERE date <= $1`, [until]);
    const before = await deletedRows(table);
    const removed = await grow.query(`DELETE FROM ${table} WHERE date <= $1 AND id_var <> ${ORPHAN}`, [until]);
    await grow.query(`INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::bigint[], $3::${type}[])`, [
      rows.map((r) => r.id_var),
      rows.map((r) => r.date),
      rows.map((r) => r.value),
    ]);
    if (removed.rowCount) await deletionsCounted(before, table);
  }
}
const late = (id: number, date: number, value = 1) => grow.query('INSERT INTO variable_log_float VALUES ($1, $2, $3)', [id, date, value]);
const run = (): Promise<MachineRunResult> => runMachine(machine, { target, mode: { kind: 'run', lookbackHours: 48 }, source: grow });
const deletedRows = async (table = 'variable_log_float') =>
  Number((await grow.query(`SELECT pg_stat_get_tuples_deleted($1::regclass) AS n`, [table])).rows[0].n);
/** A run learns of deleted rows from PostgreSQL's counters, which a session reports within a second of going idle. */
async function deletionsCounted(before: number, table = 'variable_log_float'): Promise<void> {
  for (let i = 0; i < 100 && (await deletedRows(table)) === before; i++) await new Promise((r) => setTimeout(r, 100));
}
const watermarkOf = (r: MachineRunResult) => Date.parse(r.watermark!);
const windowStart = (w: number) => calendar.dayStart(calendar.dayOf(w - 48 * H));

it('recomputes from the first changed hour, writes nothing when nothing changed, and ends equal to a backfill', async () => {
  await copyUntil(Date.parse('2026-03-27T10:00:00Z'));
  const first = await run();
  expect(first.fullHistory).toBe(true);
  let w = watermarkOf(first);

  // Only new rows: the run starts at the day of the previous watermark, not two days earlier.
  await copyUntil(w + 5 * H);
  const tail = await run();
  expect(tail.fromDay).toBe(calendar.dayOf(w));
  w = watermarkOf(tail);

  // Late rows at the window's first millisecond and at the next day's start.
  const start = windowStart(w);
  await late(ORPHAN, start);
  await late(feedOverride, calendar.dayStart(calendar.dayOf(start + 30 * H)), 100);
  await copyUntil(w + 3 * H);
  const fromStart = await run();
  expect(fromStart.fromDay).toBe(calendar.dayOf(start));
  w = watermarkOf(fromStart);

  // A row at the watermark itself, and rows removed inside the window: W does not move, the hours do.
  const deletedBefore = await deletedRows();
  await late(ORPHAN, w);
  const removed = await grow.query('DELETE FROM variable_log_float WHERE date BETWEEN $1 AND $2 AND id_var <> $3', [
    w - 20 * H,
    w - 19 * H,
    ORPHAN,
  ]);
  expect(removed.rowCount).toBeGreaterThan(0);
  await deletionsCounted(deletedBefore);
  const sameW = await run();
  expect(watermarkOf(sameW)).toBe(w);
  expect(sameW.fromDay).toBe(calendar.dayOf(w - 20 * H));

  // Nothing new: nothing recomputed, and the machine's record (the API's validators) untouched.
  const before = (await target.query(`SELECT updated_at FROM spindle_machine WHERE machine_id = $1`, [machine.id])).rows[0].updated_at;
  const idle = await run();
  expect([idle.fromDay, idle.days]).toEqual([null, 0]);
  expect((await target.query(`SELECT updated_at FROM spindle_machine WHERE machine_id = $1`, [machine.id])).rows[0].updated_at).toEqual(
    before,
  );

  // Across the DST change (Sunday 29 March, 02:00 CET → 03:00 CEST): data through Monday noon, then a
  // late row at Sunday's production-day start, 06:00 CEST = 04:00 UTC: only Sunday on is recomputed.
  await copyUntil(Date.parse('2026-03-30T12:00:00Z'));
  w = watermarkOf(await run());
  expect(calendar.dayOf(w - 48 * H)).toBe('2026-03-28');
  await late(ORPHAN, Date.parse('2026-03-29T04:00:00Z'));
  const dst = await run();
  expect(dst.fromDay).toBe('2026-03-29');

  // The rest of the data, then the reference: one backfill of what the production DB now holds.
  await copyUntil(Number.MAX_SAFE_INTEGER);
  await run();
  const reference = await createTestDatabase('spindle_late_ref');
  drops.push(reference.drop);
  const ref = await open(reference.url);
  try {
    await migrate(ref);
    await runMachine(machine, { target: ref, mode: { kind: 'backfill' }, source: grow });
    expect(aggregateDifferences(await readAggregates(target, machine.id), await readAggregates(ref, machine.id))).toEqual([]);
  } finally {
    await ref.end();
  }
}, 120_000);
