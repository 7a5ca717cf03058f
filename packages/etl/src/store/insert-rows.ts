import type { Queryable } from '../postgres/queryable.js';
import { METRIC_TABLES, type MetricTable } from '@spindle/core/store';

/** A value for every column of `T`, read from a computed row: a column added to the schema must be given one. */
export type RowGetters<T extends MetricTable, R> = { readonly [C in keyof (typeof METRIC_TABLES)[T]]: (row: R) => unknown };

/** One table's rows, as one array per column. */
export interface TableRows {
  table: MetricTable;
  columns: { name: string; type: string; values: unknown[] }[];
  count: number;
}

const BATCH = 10_000;

/** The rows of `table`, read into column arrays by `getters`. */
export function tableRows<T extends MetricTable, R>(table: T, getters: RowGetters<T, R>, rows: readonly R[]): TableRows {
  const types: Record<string, string> = METRIC_TABLES[table];
  const columns = Object.entries<(row: R) => unknown>(getters).map(([name, get]) => ({ name, type: types[name]!, values: rows.map(get) }));
  return { table, columns, count: rows.length };
}

/** An INSERT of one table's rows from array parameters numbered from `$first`. */
function insertFrom(t: TableRows, first: number): string {
  const names = t.columns.map((c) => c.name).join(', ');
  // Instants travel as epoch ms; to_timestamp keeps them exact to the millisecond.
  const select = t.columns.map((c, i) => (c.type === 'timestamptz' ? `to_timestamp(c${i} / 1000.0)` : `c${i}`)).join(', ');
  const params = t.columns.map((c, i) => `$${first + i}::${c.type === 'timestamptz' ? 'float8' : c.type}[]`).join(', ');
  const aliases = t.columns.map((_, i) => `c${i}`).join(', ');
  return `INSERT INTO ${t.table} (${names}) SELECT ${select} FROM unnest(${params}) AS u(${aliases})`;
}

/**
 * Inserts the rows of several tables through one array parameter per column. When
 * every table's rows fit one batch (a resumed run's minute) it is one statement
 * for all of them, each INSERT a CTE of it: a round of `run --every` makes it for
 * every machine, every minute. Larger sets go a statement per batch of a table.
 */
export async function insertTables(db: Queryable, tables: readonly TableRows[]): Promise<void> {
  const filled = tables.filter((t) => t.count > 0);
  if (filled.length === 0) return;
  if (filled.every((t) => t.count <= BATCH)) {
    const statements: string[] = [];
    let next = 1;
    for (const t of filled) {
      statements.push(insertFrom(t, next));
      next += t.columns.length;
    }
    const last = statements.pop()!;
    const sql = statements.length === 0 ? last : `WITH ${statements.map((s, i) => `i${i} AS (${s})`).join(', ')} ${last}`;
    await db.query(
      sql,
      filled.flatMap((t) => t.columns.map((c) => c.values)),
    );
    return;
  }
  for (const t of filled) {
    const sql = insertFrom(t, 1);
    for (let i = 0; i < t.count; i += BATCH) {
      await db.query(
        sql,
        t.columns.map((c) => c.values.slice(i, i + BATCH)),
      );
    }
  }
}
