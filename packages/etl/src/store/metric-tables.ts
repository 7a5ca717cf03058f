/** PostgreSQL types of the metric columns, as information_schema names them (udt_name). */
export type ColumnType = 'text' | 'date' | 'int2' | 'int4' | 'float8' | 'timestamptz';

/**
 * The metric tables of the aggregation DB and their columns, exactly as the
 * migrations leave them. A new column goes in a new migration and here; the
 * writers must then give it a value (their getters are typed from this), and
 * `test/schema.test.ts` fails while the migrations and this disagree.
 */
export const METRIC_TABLES = {
  utilization_day: {
    machine_id: 'text',
    day: 'date',
    running_seconds: 'float8',
    idle_seconds: 'float8',
    offline_seconds: 'float8',
    covered_seconds: 'float8',
    standby_seconds: 'float8',
    emergency_seconds: 'float8',
    planned_seconds: 'float8',
    planned_running_seconds: 'float8',
    unplanned_running_seconds: 'float8',
  },
  utilization_shift: {
    machine_id: 'text',
    day: 'date',
    shift_index: 'int2',
    shift: 'text',
    running_seconds: 'float8',
    idle_seconds: 'float8',
    offline_seconds: 'float8',
    covered_seconds: 'float8',
    standby_seconds: 'float8',
    emergency_seconds: 'float8',
    planned_seconds: 'float8',
    planned_running_seconds: 'float8',
    unplanned_running_seconds: 'float8',
  },
  state_interval: { machine_id: 'text', day: 'date', start_at: 'timestamptz', end_at: 'timestamptz', state: 'text' },
  sensor_hour: {
    machine_id: 'text',
    sensor: 'text',
    day: 'date',
    start_at: 'timestamptz',
    count: 'int4',
    min: 'float8',
    max: 'float8',
    avg: 'float8',
    stddev: 'float8',
    sum: 'float8',
    sumsq: 'float8',
  },
  energy_hour: { machine_id: 'text', day: 'date', start_at: 'timestamptz', kwh: 'float8' },
  program_day: { machine_id: 'text', day: 'date', program: 'int4', running_seconds: 'float8', energy_kwh: 'float8' },
  alarm_occurrence: {
    machine_id: 'text',
    day: 'date',
    raised_at: 'timestamptz',
    identity: 'text',
    code: 'text',
    description: 'text',
    category: 'text',
    cleared_at: 'timestamptz',
  },
  alarm_day: { machine_id: 'text', day: 'date', category: 'text', count: 'int4' },
  downtime_day: {
    machine_id: 'text',
    day: 'date',
    state: 'text',
    category: 'text',
    identity: 'text',
    code: 'text',
    description: 'text',
    raised_at: 'timestamptz',
    seconds: 'float8',
  },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type MetricTable = keyof typeof METRIC_TABLES;

/**
 * The tables whose every row belongs to one production day, so a run deletes its
 * days and writes them again. Alarm occurrences are the exception: one raised
 * before the window and still open in it is rewritten too (see deleteWindow).
 */
export const DAY_TABLES = (Object.keys(METRIC_TABLES) as MetricTable[]).filter((t) => t !== 'alarm_occurrence');
