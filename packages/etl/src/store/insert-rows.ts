import type { Queryable } from '../postgres/queryable.js';
import { METRIC_TABLES, type MetricTable } from '@spindle/core/store';

/** A value for every column of `T`, read from a computed row: a column added to the schema must be given one. */
export type RowGetters<T extends MetricTable, R> = { readonly [C in keyof (typeof METRIC_TABLES)[T]]: (row: R) => unknown };

const BATCH = 10_000;

/** Inserts rows through one array parameter per column: one round trip per batch. */
export async function insertRows<T extends MetricTable, R>(
  db: Queryable,
  table: T,
  getters: RowGetters<T, R>,
  rows: readonly R[],
): Promise<void> {
  const types: Record<string, string> = METRIC_TABLES[table];
  const columns = Object.entries<(row: R) => unknown>(getters).map(([name, get]) => ({ name, type: types[name]!, get }));
  const names = columns.map((c) => c.name).join(', ');
  // Instants travel as epoch ms; to_timestamp keeps them exact to the millisecond.
  const select = columns.map((c, i) => (c.type === 'timestamptz' ? `to_timestamp(c${i} / 1000.0)` : `c${i}`)).join(', ');
  const params = columns.map((c, i) => `$${i + 1}::${c.type === 'timestamptz' ? 'float8' : c.type}[]`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  const sql = `INSERT INTO ${table} (${names}) SELECT ${select} FROM unnest(${params}) AS u(${aliases})`;
  for (let i = 0; i < rows.length; i += BATCH) {
    const batch = rows.slice(i, i + BATCH);
    await db.query(
      sql,
      columns.map((c) => batch.map(c.get)),
    );
  }
}
