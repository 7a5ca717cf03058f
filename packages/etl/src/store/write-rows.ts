import type { MetricRows, UtilizationRow } from '../compute/metric-rows.js';
import type { Queryable } from '../postgres/queryable.js';
import { insertTables, tableRows } from './insert-rows.js';
import { DAY_TABLES } from '@spindle/core/store';

const seconds = (ms: number) => ms / 1000;

/**
 * Removes a machine's rows of production days [fromDay, toDay] (toDay null: no end),
 * and the alarm occurrences still open at `windowStart`, which the run rewrites.
 */
export async function deleteWindow(
  db: Queryable,
  machineId: string,
  fromDay: string,
  toDay: string | null,
  windowStart: number,
): Promise<void> {
  const range = toDay === null ? 'day >= $2::date' : 'day BETWEEN $2::date AND $3::date';
  const at = toDay === null ? '$3' : '$4';
  await deleteAll(
    db,
    [
      ...DAY_TABLES.map((table) => `DELETE FROM ${table} WHERE machine_id = $1 AND ${range}`),
      `DELETE FROM alarm_occurrence WHERE machine_id = $1 AND (${range}
        OR (raised_at < to_timestamp(${at}::float8 / 1000.0) AND (cleared_at IS NULL OR cleared_at >= to_timestamp(${at}::float8 / 1000.0))))`,
    ],
    toDay === null ? [machineId, fromDay, windowStart] : [machineId, fromDay, toDay, windowStart],
  );
}

/** Several DELETEs sharing parameters, as one statement: a resumed run makes them every minute. */
async function deleteAll(db: Queryable, deletes: readonly string[], params: unknown[]): Promise<void> {
  await db.query(`WITH ${deletes.map((d, i) => `d${i} AS (${d})`).join(', ')} SELECT 1`, params);
}

/**
 * Removes what a run resuming at hour `at` of production day `day` rewrites: the
 * day rollups from that day on (recomputed from its stored and new pieces), the
 * sensor hours from `at` on, and the alarm occurrences raised from `at` on or
 * still open at it.
 */
export async function deleteFromHour(db: Queryable, machineId: string, day: string, at: number): Promise<void> {
  const from = 'to_timestamp($3::float8 / 1000.0)';
  await deleteAll(
    db,
    [
      ...DAY_TABLES.filter((t) => t !== 'sensor_hour').map((table) => `DELETE FROM ${table} WHERE machine_id = $1 AND day >= $2::date`),
      `DELETE FROM sensor_hour WHERE machine_id = $1 AND start_at >= ${from}`,
      `DELETE FROM alarm_occurrence WHERE machine_id = $1 AND (raised_at >= ${from} OR cleared_at IS NULL OR cleared_at >= ${from})`,
    ],
    [machineId, day, at],
  );
}

/** Inserts one chunk's rows; all of a run's chunks share its transaction. */
export async function writeRows(db: Queryable, machineId: string, rows: MetricRows, shiftNames: readonly string[]): Promise<void> {
  const machine_id = () => machineId;
  const day = (r: { day: string }) => r.day;
  const durations = {
    running_seconds: (r: UtilizationRow) => seconds(r.runningMs),
    idle_seconds: (r: UtilizationRow) => seconds(r.idleMs),
    offline_seconds: (r: UtilizationRow) => seconds(r.offlineMs),
    covered_seconds: (r: UtilizationRow) => seconds(r.coveredMs),
    standby_seconds: (r: UtilizationRow) => seconds(r.standbyMs),
    emergency_seconds: (r: UtilizationRow) => seconds(r.emergencyMs),
    planned_seconds: (r: UtilizationRow) => seconds(r.plannedMs),
    planned_running_seconds: (r: UtilizationRow) => seconds(r.plannedRunningMs),
    unplanned_running_seconds: (r: UtilizationRow) => seconds(r.unplannedRunningMs),
  };
  await insertTables(db, [
    tableRows(
      'utilization_day',
      { machine_id, day, ...durations },
      rows.utilization.filter((r) => r.shift === null),
    ),
    tableRows(
      'utilization_shift',
      { machine_id, day, shift_index: (r) => r.shift, shift: (r) => shiftNames[r.shift!] ?? null, ...durations },
      rows.utilization.filter((r) => r.shift !== null),
    ),
    tableRows('state_interval', { machine_id, day, start_at: (r) => r.start, end_at: (r) => r.end, state: (r) => r.state }, rows.states),
    tableRows(
      'sensor_hour',
      {
        machine_id,
        sensor: (r) => r.sensor,
        day,
        start_at: (r) => r.start,
        count: (r) => r.count,
        min: (r) => r.min,
        max: (r) => r.max,
        avg: (r) => r.avg,
        stddev: (r) => r.stddev,
        sum: (r) => r.sum,
        sumsq: (r) => r.sumsq,
      },
      rows.sensors,
    ),
    tableRows('energy_hour', { machine_id, day, start_at: (r) => r.start, kwh: (r) => r.kwh }, rows.energy),
    tableRows(
      'program_day',
      { machine_id, day, program: (r) => r.program, running_seconds: (r) => seconds(r.runningMs), energy_kwh: (r) => r.kwh },
      rows.programs,
    ),
    tableRows(
      'alarm_occurrence',
      {
        machine_id,
        day,
        raised_at: (r) => r.raisedAt,
        identity: (r) => r.identity,
        code: (r) => r.code,
        description: (r) => r.description,
        category: (r) => r.category,
        cleared_at: (r) => r.clearedAt,
      },
      rows.occurrences,
    ),
    tableRows('alarm_day', { machine_id, day, category: (r) => r.category, count: (r) => r.count }, rows.alarmDays),
    tableRows(
      'downtime_day',
      {
        machine_id,
        day,
        state: (r) => r.state,
        category: (r) => r.category,
        identity: (r) => r.identity,
        code: (r) => r.code,
        description: (r) => r.description,
        raised_at: (r) => r.raisedAt,
        seconds: (r) => seconds(r.ms),
      },
      rows.downtime,
    ),
  ]);
}
