import { METRIC_TABLES } from './schema.js';
import type { Queryable } from './queryable.js';

/**
 * The schema version the readers of this package need: the last migration of
 * the ETL that changed what they read (etl/test/schema.test.ts keeps the two in step).
 */
export const SCHEMA_VERSION = 9;

/** The bookkeeping columns the readers name, besides the metric tables'. */
const BOOKKEEPING_COLUMNS: Record<string, readonly string[]> = {
  spindle_machine: [
    'machine_id',
    'name',
    'config',
    'config_hash',
    'first_activity',
    'watermark',
    'first_day',
    'last_day',
    'updated_at',
    'current_program',
  ],
  spindle_run: [
    'machine_id',
    'run_id',
    'kind',
    'started_at',
    'finished_at',
    'status',
    'from_day',
    'to_day',
    'watermark',
    'rows_read',
    'invalid_rows',
    'implausible_date_rows',
    'malformed_alarm_rows',
    'error',
    'worker',
  ],
};

/** Every table and column Spindle's readers and writers name: the metric tables' and the bookkeeping ones. */
export const EXPECTED_COLUMNS: Readonly<Record<string, readonly string[]>> = {
  ...BOOKKEEPING_COLUMNS,
  ...Object.fromEntries(Object.entries(METRIC_TABLES).map(([table, columns]) => [table, Object.keys(columns)])),
};

export interface SchemaReport {
  /** The highest migration applied, or null when the database has no Spindle schema. */
  version: number | null;
  /** What a migration created and the database no longer has: `table alarm_day`, `column utilization_day.planned_seconds`. */
  missing: string[];
}

/**
 * What the aggregation DB holds of Spindle's schema: its version, and every
 * expected table and column that is not there (dropped by hand, a restore gone
 * wrong). Two queries, whatever the size of the data.
 */
export async function inspectSchema(db: Queryable): Promise<SchemaReport> {
  // Two statements: a query naming a missing table fails when it is parsed, whatever a CASE says.
  const { rows: exists } = await db.query<{ t: string | null }>(`SELECT to_regclass('spindle_schema_migration')::text AS t`);
  if (!exists[0]?.t) return { version: null, missing: [] };
  const { rows: versions } = await db.query<{ v: number | null }>('SELECT max(version) AS v FROM spindle_schema_migration');
  const { rows } = await db.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = ANY($1::text[])`,
    [Object.keys(EXPECTED_COLUMNS)],
  );
  const present = new Map<string, Set<string>>();
  for (const r of rows) present.set(r.table_name, (present.get(r.table_name) ?? new Set()).add(r.column_name));
  const missing: string[] = [];
  for (const [table, columns] of Object.entries(EXPECTED_COLUMNS)) {
    const have = present.get(table);
    if (!have) missing.push(`table ${table}`);
    else for (const c of columns) if (!have.has(c)) missing.push(`column ${table}.${c}`);
  }
  return { version: versions[0]?.v ?? null, missing };
}

/** What is wrong with a schema report, as one sentence that ends with the fix; null when nothing is. `where` may be ''. */
export function schemaProblem(report: SchemaReport, where: string, needed = SCHEMA_VERSION): string | null {
  const db = where ? `the aggregation DB ${where}` : 'the aggregation DB';
  if (report.version === null) return `${db} has no Spindle schema; run \`spindle-etl migrate\` first`;
  if (report.version < needed) {
    return `${db} has schema version ${report.version}, this needs ${needed}; run \`spindle-etl migrate\` first`;
  }
  if (report.missing.length > 0) {
    return `${db} lacks ${report.missing.join(', ')}, which its migrations created; run \`spindle-etl migrate\` to see what it can repair`;
  }
  return null;
}

/** The channel the ETL announces a committed change of a machine's data on, payload `{"machineId": …}`; the API's event stream listens to it. */
export const MACHINE_CHANNEL = 'spindle_machine';
