import type { MetricRows, UtilizationRow } from '../compute/metric-rows.js';
import type { Queryable } from '../postgres/queryable.js';
import { insertRows, type Column } from './insert-rows.js';

const seconds = (ms: number) => ms / 1000;
const DAY_TABLES = ['utilization_day', 'utilization_shift', 'state_interval', 'sensor_hour', 'energy_hour', 'program_day', 'alarm_day'];

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
  const range = toDay === null ? 'day >= $2' : 'day BETWEEN $2 AND $3';
  const params = toDay === null ? [machineId, fromDay] : [machineId, fromDay, toDay];
  for (const table of DAY_TABLES) await db.query(`DELETE FROM ${table} WHERE machine_id = $1 AND ${range}`, params);
  await db.query(
    `DELETE FROM alarm_occurrence WHERE machine_id = $1 AND (${range}
        OR (raised_at < to_timestamp($${params.length + 1} / 1000.0) AND (cleared_at IS NULL OR cleared_at >= to_timestamp($${params.length + 1} / 1000.0))))`,
    [...params, windowStart],
  );
}

/** Inserts one chunk's rows; all of a run's chunks share its transaction. */
export async function writeRows(db: Queryable, machineId: string, rows: MetricRows, shiftNames: readonly string[]): Promise<void> {
  const m = () => machineId;
  const durations: Column<UtilizationRow>[] = [
    { name: 'running_seconds', type: 'float8', get: (r) => seconds(r.runningMs) },
    { name: 'idle_seconds', type: 'float8', get: (r) => seconds(r.idleMs) },
    { name: 'offline_seconds', type: 'float8', get: (r) => seconds(r.offlineMs) },
    { name: 'covered_seconds', type: 'float8', get: (r) => seconds(r.coveredMs) },
  ];
  await insertRows(
    db,
    'utilization_day',
    [{ name: 'machine_id', type: 'text', get: m }, { name: 'day', type: 'date', get: (r) => r.day }, ...durations],
    rows.utilization.filter((r) => r.shift === null),
  );
  await insertRows(
    db,
    'utilization_shift',
    [
      { name: 'machine_id', type: 'text', get: m },
      { name: 'day', type: 'date', get: (r) => r.day },
      { name: 'shift_index', type: 'int4', get: (r) => r.shift },
      { name: 'shift', type: 'text', get: (r) => shiftNames[r.shift!] ?? null },
      ...durations,
    ],
    rows.utilization.filter((r) => r.shift !== null),
  );
  await insertRows(
    db,
    'state_interval',
    [
      { name: 'machine_id', type: 'text', get: m },
      { name: 'day', type: 'date', get: (r) => r.day },
      { name: 'start_at', type: 'timestamptz', get: (r) => r.start },
      { name: 'end_at', type: 'timestamptz', get: (r) => r.end },
      { name: 'state', type: 'text', get: (r) => r.state },
    ],
    rows.states,
  );
  await insertRows(
    db,
    'sensor_hour',
    [
      { name: 'machine_id', type: 'text', get: m },
      { name: 'sensor', type: 'text', get: (r) => r.sensor },
      { name: 'day', type: 'date', get: (r) => r.day },
      { name: 'start_at', type: 'timestamptz', get: (r) => r.start },
      { name: 'count', type: 'int4', get: (r) => r.count },
      { name: 'min', type: 'float8', get: (r) => r.min },
      { name: 'max', type: 'float8', get: (r) => r.max },
      { name: 'avg', type: 'float8', get: (r) => r.avg },
      { name: 'stddev', type: 'float8', get: (r) => r.stddev },
      { name: 'sum', type: 'float8', get: (r) => r.sum },
      { name: 'sumsq', type: 'float8', get: (r) => r.sumsq },
    ],
    rows.sensors,
  );
  await insertRows(
    db,
    'energy_hour',
    [
      { name: 'machine_id', type: 'text', get: m },
      { name: 'day', type: 'date', get: (r) => r.day },
      { name: 'start_at', type: 'timestamptz', get: (r) => r.start },
      { name: 'kwh', type: 'float8', get: (r) => r.kwh },
    ],
    rows.energy,
  );
  await insertRows(
    db,
    'program_day',
    [
      { name: 'machine_id', type: 'text', get: m },
      { name: 'day', type: 'date', get: (r) => r.day },
      { name: 'program', type: 'int4', get: (r) => r.program },
      { name: 'running_seconds', type: 'float8', get: (r) => seconds(r.runningMs) },
      { name: 'energy_kwh', type: 'float8', get: (r) => r.kwh },
    ],
    rows.programs,
  );
  await insertRows(
    db,
    'alarm_occurrence',
    [
      { name: 'machine_id', type: 'text', get: m },
      { name: 'day', type: 'date', get: (r) => r.day },
      { name: 'raised_at', type: 'timestamptz', get: (r) => r.raisedAt },
      { name: 'identity', type: 'text', get: (r) => r.identity },
      { name: 'code', type: 'text', get: (r) => r.code },
      { name: 'description', type: 'text', get: (r) => r.description },
      { name: 'category', type: 'text', get: (r) => r.category },
      { name: 'cleared_at', type: 'timestamptz', get: (r) => r.clearedAt },
    ],
    rows.occurrences,
  );
  await insertRows(
    db,
    'alarm_day',
    [
      { name: 'machine_id', type: 'text', get: m },
      { name: 'day', type: 'date', get: (r) => r.day },
      { name: 'category', type: 'text', get: (r) => r.category },
      { name: 'count', type: 'int4', get: (r) => r.count },
    ],
    rows.alarmDays,
  );
}
