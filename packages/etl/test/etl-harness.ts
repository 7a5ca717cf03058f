import { parseFleetConfig, type MachineConfig } from '@spindle/core';
import type pg from 'pg';
import { runMachine, type RunMode } from '../src/run/run-machine.js';
import { migrate } from '../src/store/migrate.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';
import { writeProduction, type ProductionRows } from './production-fixture.js';

export interface Harness {
  target: pg.Client;
  source: pg.Client;
  sourceUrl: string;
  targetUrl: string;
  /** Builds a machine config (defaults of metrics.md §2) pointing at this harness's source DB. */
  machine(config: Record<string, unknown>): MachineConfig;
  run(machine: MachineConfig, mode?: RunMode): ReturnType<typeof runMachine>;
  close(): Promise<void>;
}

/** A source DB and a migrated aggregation DB, fresh for one test file. */
export async function createHarness(rows?: ProductionRows): Promise<Harness> {
  const src = await createTestDatabase('spindle_src');
  const agg = await createTestDatabase('spindle_agg');
  const source = await open(src.url);
  const target = await open(agg.url);
  await migrate(target);
  if (rows) await writeProduction(source, rows);
  return {
    target,
    source,
    sourceUrl: src.url,
    targetUrl: agg.url,
    machine: (config) => parseFleetConfig({ machines: [{ id: 'm1', source: src.url, ...config }] }).machines[0]!,
    run: (machine, mode = { kind: 'backfill' }) => runMachine(machine, { target, mode }),
    close: async () => {
      await source.end();
      await target.end();
      await src.drop();
      await agg.drop();
    },
  };
}

const round = (v: unknown) => (typeof v === 'number' ? Math.round(v * 1e9) / 1e9 : v);

// Rows as read back for comparison: column name → value (instants as ISO strings).
export type Row = Record<string, any>;

export interface Aggregates {
  utilization: Row[];
  shifts: Row[];
  states: Row[];
  sensors: Row[];
  energy: Row[];
  programs: Row[];
  occurrences: Row[];
  alarmDays: Row[];
  /** metrics.md §11, §13: the columns the conditions and the plan added, per day (shift null) and per (day, shift). */
  conditions: Row[];
  downtime: Row[];
}

/** Every aggregate row of a machine, in a stable order, instants as ISO strings. */
export async function readAggregates(db: pg.Client, machineId: string): Promise<Aggregates> {
  const q = async (sql: string) =>
    (await db.query(sql, [machineId])).rows.map((r) =>
      Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : round(v)])),
    );
  return {
    utilization: await q(
      `SELECT day::text, running_seconds, idle_seconds, offline_seconds, covered_seconds FROM utilization_day WHERE machine_id = $1 ORDER BY day`,
    ),
    shifts: await q(
      `SELECT day::text, shift, running_seconds, idle_seconds, offline_seconds, covered_seconds FROM utilization_shift WHERE machine_id = $1 ORDER BY day, shift_index`,
    ),
    states: await q(`SELECT day::text, start_at, end_at, state FROM state_interval WHERE machine_id = $1 ORDER BY start_at`),
    sensors: await q(
      `SELECT sensor, day::text, start_at, count, min, max, avg, stddev, sum, sumsq FROM sensor_hour WHERE machine_id = $1 ORDER BY sensor, start_at`,
    ),
    energy: await q(`SELECT day::text, start_at, kwh FROM energy_hour WHERE machine_id = $1 ORDER BY start_at`),
    programs: await q(
      `SELECT day::text, program, running_seconds, energy_kwh FROM program_day WHERE machine_id = $1 ORDER BY day, program NULLS FIRST`,
    ),
    occurrences: await q(
      `SELECT day::text, raised_at, cleared_at, identity, code, description, category FROM alarm_occurrence WHERE machine_id = $1 ORDER BY raised_at, identity`,
    ),
    alarmDays: await q(`SELECT day::text, category, count FROM alarm_day WHERE machine_id = $1 ORDER BY day, category`),
    conditions: await q(
      `SELECT day::text, shift, standby_seconds, emergency_seconds, planned_seconds, planned_running_seconds, unplanned_running_seconds
         FROM (SELECT day, NULL AS shift, -1 AS shift_index, standby_seconds, emergency_seconds, planned_seconds, planned_running_seconds,
                      unplanned_running_seconds FROM utilization_day WHERE machine_id = $1
               UNION ALL
               SELECT day, shift, shift_index, standby_seconds, emergency_seconds, planned_seconds, planned_running_seconds,
                      unplanned_running_seconds FROM utilization_shift WHERE machine_id = $1) u
        ORDER BY day, shift_index`,
    ),
    downtime: await q(
      `SELECT day::text, state, category, identity, code, description, raised_at, seconds FROM downtime_day WHERE machine_id = $1
        ORDER BY day, state, category COLLATE "C" NULLS FIRST, identity COLLATE "C" NULLS FIRST`,
    ),
  };
}

/**
 * Differences between two aggregate sets beyond floating-point summation order:
 * numbers agree within 1e-9 relative (metrics.md asks 1e-6 kWh), all else exactly.
 */
export function aggregateDifferences(actual: Aggregates, expected: Aggregates): string[] {
  const diffs: string[] = [];
  for (const family of Object.keys(expected) as (keyof Aggregates)[]) {
    const a = actual[family];
    const e = expected[family];
    if (a.length !== e.length) diffs.push(`${family}: ${a.length} rows, expected ${e.length}`);
    for (let i = 0; i < Math.min(a.length, e.length) && diffs.length < 20; i++) {
      const ra = a[i]!;
      const re = e[i]!;
      for (const key of Object.keys(re)) {
        const va = ra[key];
        const ve = re[key];
        const same = typeof va === 'number' && typeof ve === 'number' ? Math.abs(va - ve) <= 1e-9 * Math.max(1, Math.abs(ve)) : va === ve;
        if (!same) diffs.push(`${family}[${i}].${key}: ${JSON.stringify(va)}, expected ${JSON.stringify(ve)} (${JSON.stringify(re)})`);
      }
    }
  }
  return diffs;
}
