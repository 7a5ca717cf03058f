import { addDays, parseFleetConfig, type MachineConfig } from '@spindle/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { runMachine, type RunMode } from '../src/run/run-machine.js';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { createProductionSchema } from '../src/simulate/production-schema.js';
import { simulateMachine } from '../src/simulate/simulate-machine.js';
import { migrate } from '../src/store/migrate.js';
import { aggregateDifferences, readAggregates, type Aggregates } from './etl-harness.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

const FROM = '2026-03-23'; // two weeks around the spring DST change of Europe/Madrid
const DAYS = 14;

async function freshTarget(drops: (() => Promise<void>)[]): Promise<pg.Client> {
  const db = await createTestDatabase('spindle_eq');
  drops.push(db.drop);
  const client = await open(db.url);
  drops.push(() => client.end());
  await migrate(client);
  return client;
}

/** Copies the source rows with date in (after, until] into another production DB. */
async function copyRows(from: pg.Client, to: pg.Client, after: number, until: number): Promise<void> {
  for (const table of ['variable_log_float', 'variable_log_string']) {
    const type = table.endsWith('float') ? 'real' : 'text';
    const { rows } = await from.query(
      `SELECT id_var, date, value${type === 'real' ? '::float8' : ''} AS value FROM ${table} WHERE date > $1 AND date <= $2`,
      [after, until],
    );
    await to.query(`INSERT INTO ${table} SELECT * FROM unnest($1::int[], $2::bigint[], $3::${type}[])`, [
      rows.map((r) => r.id_var),
      rows.map((r) => r.date),
      rows.map((r) => r.value),
    ]);
  }
}

// metrics.md §9: however the work is split, the rows are those of one full backfill.
describe('incremental runs, day-by-day backfills and re-runs agree with one backfill', () => {
  const drops: (() => Promise<void>)[] = [];
  let machine: MachineConfig;
  let source: pg.Client;
  let full: Aggregates;
  let w: number;

  beforeAll(async () => {
    const src = await createTestDatabase('spindle_eq_src');
    drops.push(src.drop);
    source = await open(src.url);
    drops.push(() => source.end());
    machine = parseFleetConfig(sampleFleet(() => src.url)).machines[0]!; // Madrid, dayStart 06:00, three shifts
    await simulateMachine(source, machine, { from: FROM, days: DAYS, seed: 7, density: 0.25, pattern: 'continuous-weekdays' });
    w = Number((await source.query('SELECT max(date)::float8 AS w FROM variable_log_float')).rows[0].w);
    const target = await freshTarget(drops);
    await runMachine(machine, { target, mode: { kind: 'backfill' }, source });
    full = await readAggregates(target, machine.id);
  });
  afterAll(async () => {
    for (const drop of drops.reverse()) await drop();
  });

  it('produces every metric family, every state and unplanned running', () => {
    for (const [family, rows] of Object.entries(full)) expect(rows.length, family).toBeGreaterThan(0);
    expect(new Set(full.states.map((s) => s.state))).toEqual(new Set(['RUNNING', 'IDLE', 'STANDBY', 'EMERGENCY', 'OFFLINE']));
    expect(full.conditions.some((c) => c.unplanned_running_seconds > 0)).toBe(true);
  });

  it('keeps the five states summing to covered, programs to running, causes to downtime and planned + unplanned to running, every day', () => {
    for (const u of full.utilization as any[]) {
      const c = full.conditions.find((x) => x.day === u.day && x.shift === null)!;
      expect(u.running_seconds + u.idle_seconds + c.standby_seconds + c.emergency_seconds + u.offline_seconds).toBeCloseTo(
        u.covered_seconds,
        6,
      );
      expect(c.planned_running_seconds + c.unplanned_running_seconds).toBeCloseTo(u.running_seconds, 6);
      const causes = full.downtime.filter((d) => d.day === u.day).reduce((sum, d) => sum + d.seconds, 0);
      expect(causes).toBeCloseTo(u.idle_seconds + c.standby_seconds + c.emergency_seconds, 6);
      const programs = full.programs.filter((p) => p.day === u.day).reduce((s, p) => s + p.running_seconds, 0);
      expect(programs).toBeCloseTo(u.running_seconds, 6);
      const shifts = full.shifts.filter((s) => s.day === u.day);
      expect(shifts).toHaveLength(3);
      expect(shifts.reduce((s, x) => s + x.covered_seconds, 0)).toBeCloseTo(u.covered_seconds, 6);
    }
  });

  it('gives the same rows when run twice, whatever the chunks and source connections', async () => {
    const target = await freshTarget(drops);
    await runMachine(machine, { target, mode: { kind: 'backfill' }, sourceConnections: 3 });
    await runMachine(machine, { target, mode: { kind: 'run' }, sourceConnections: 2 });
    await runMachine(machine, { target, mode: { kind: 'backfill' }, source, chunkDays: 3 });
    expect(aggregateDifferences(await readAggregates(target, machine.id), full)).toEqual([]);
    await runMachine(machine, { target, mode: { kind: 'backfill' }, sourceConnections: 2, chunkDays: 5 });
    expect(aggregateDifferences(await readAggregates(target, machine.id), full)).toEqual([]);
  });

  it('gives the same rows when backfilled one day at a time, in any order', async () => {
    const target = await freshTarget(drops);
    const days = Array.from({ length: DAYS + 1 }, (_, i) => addDays(FROM, i));
    const order = [...days.filter((_, i) => i % 2 === 1), ...days.filter((_, i) => i % 2 === 0)];
    for (const day of order) await runMachine(machine, { target, mode: { kind: 'backfill', from: day, to: day }, source });
    expect(aggregateDifferences(await readAggregates(target, machine.id), full)).toEqual([]);
  });

  for (const lookbackHours of [48, 0]) {
    it(`gives the same rows from incremental runs as data arrives (lookback ${lookbackHours} h)`, async () => {
      const growing = await createTestDatabase('spindle_eq_grow');
      drops.push(growing.drop);
      const grow = await open(growing.url);
      drops.push(() => grow.end());
      await createProductionSchema(grow);
      await grow.query('INSERT INTO variable SELECT * FROM unnest($1::int[], $2::text[], $3::text[])', [
        ...(await source.query('SELECT array_agg(id) a, array_agg(name) b, array_agg(datatype) c FROM variable')).rows.map((r) => [
          r.a,
          r.b,
          r.c,
        ])[0]!,
      ]);
      const target = await freshTarget(drops);
      const mode: RunMode = { kind: 'run', lookbackHours };
      // Cut-offs every 31 hours, so they fall at every hour of the day.
      let after = 0;
      for (let until = Date.parse(`${FROM}T05:00:00Z`); after < w; until += 31 * 3_600_000) {
        const cut = Math.min(until, w);
        await copyRows(source, grow, after, cut);
        after = cut;
        await runMachine(machine, { target, mode, source: grow });
      }
      expect(aggregateDifferences(await readAggregates(target, machine.id), full)).toEqual([]);
    });
  }
});
