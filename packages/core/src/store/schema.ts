/** PostgreSQL types of the metric columns, as information_schema names them (udt_name). */
export type ColumnType = 'text' | 'date' | 'int2' | 'int4' | 'float8' | 'timestamptz';

/** The durations both utilization tables hold (metrics.md §4, §11, §13), in migration order. */
const UTILIZATION_SECONDS = {
  running_seconds: 'float8',
  idle_seconds: 'float8',
  offline_seconds: 'float8',
  covered_seconds: 'float8',
  standby_seconds: 'float8',
  emergency_seconds: 'float8',
  planned_seconds: 'float8',
  planned_running_seconds: 'float8',
  unplanned_running_seconds: 'float8',
} as const;

/**
 * The metric tables of the aggregation DB and their columns, exactly as the
 * ETL's migrations leave them: the one schema module. A new column goes in a new
 * migration and here; the ETL's writers must then give it a value (their getters
 * are typed from this), the server's readers name columns through it
 * (`selectList`, `ColumnOf`), and `etl/test/schema.test.ts` fails while the
 * migrations and this disagree.
 */
export const METRIC_TABLES = {
  utilization_day: {
    machine_id: 'text',
    day: 'date',
    ...UTILIZATION_SECONDS,
  },
  utilization_shift: {
    machine_id: 'text',
    day: 'date',
    shift_index: 'int2',
    shift: 'text',
    ...UTILIZATION_SECONDS,
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

/** The columns that may hold NULL; every other metric column is NOT NULL. */
export const NULLABLE_COLUMNS = {
  utilization_shift: ['shift'],
  sensor_hour: ['stddev'],
  program_day: ['program'],
  alarm_occurrence: ['cleared_at'],
  downtime_day: ['category', 'identity', 'code', 'description', 'raised_at'],
} as const satisfies { [T in MetricTable]?: readonly (keyof (typeof METRIC_TABLES)[T])[] };

export type ColumnOf<T extends MetricTable> = keyof (typeof METRIC_TABLES)[T] & string;
type NullableOf<T extends MetricTable> = T extends keyof typeof NULLABLE_COLUMNS ? (typeof NULLABLE_COLUMNS)[T][number] : never;
/** How node-postgres hands a column over: dates as text (they are selected `::text`), instants as Date, numbers as numbers. */
type Read<C> = C extends 'text' | 'date' ? string : C extends 'timestamptz' ? Date : number;

/** The row `selectList(table, as)` reads: each alias typed from its column, null where the column may be. */
export type Selected<T extends MetricTable, A extends Record<string, ColumnOf<T>>> = {
  -readonly [K in keyof A]: Read<(typeof METRIC_TABLES)[T][A[K]]> | (A[K] extends NullableOf<T> ? null : never);
};

/**
 * The SELECT list reading `table`'s columns under the aliases of `as`
 * (`{ runningSeconds: 'running_seconds' }` → `running_seconds AS "runningSeconds"`),
 * dates as `YYYY-MM-DD` text. A column the schema lacks does not compile.
 */
export function selectList<T extends MetricTable, A extends Record<string, ColumnOf<T>>>(table: T, as: A): string {
  const types: Record<string, ColumnType> = METRIC_TABLES[table];
  return Object.entries(as)
    .map(([alias, column]) => `${column}${types[column] === 'date' ? '::text' : ''} AS "${alias}"`)
    .join(', ');
}
