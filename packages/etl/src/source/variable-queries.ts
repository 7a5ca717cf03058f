import type pg from 'pg';
import type { Queryable } from '../postgres/queryable.js';
import { streamRows } from './stream-rows.js';

// Rows of one variable at the same instant are ordered by value, so "the last
// value at or before t" is the same whatever the physical row order (docs/metrics-decisions.md).

/** metrics.md §3: a valid float is finite and not NULL (NaN sorts above Infinity in PostgreSQL). */
export const FINITE = `value > '-Infinity'::real AND value < 'Infinity'::real`;

export interface FloatChange {
  date: number;
  value: number | null;
}

export interface VariableRow extends FloatChange {
  id: number;
}

/** The last row in [validFrom, before) of a float variable, passing `where`. */
export async function lastFloatBefore(
  source: Queryable,
  id: number,
  validFrom: number,
  before: number,
  where: string,
): Promise<FloatChange | null> {
  const { rows } = await source.query<FloatChange>(
    `SELECT date, value::float8 AS value FROM variable_log_float
      WHERE id_var = $1 AND date >= $3 AND date < $2 AND ${where} ORDER BY date DESC, value DESC LIMIT 1`,
    [id, before, validFrom],
  );
  return rows[0] ?? null;
}

/** Every row of the given float variables in [from, to), valid or not, in time order per variable. */
export function floatRows(source: pg.Client, ids: number[], from: number, to: number): AsyncGenerator<VariableRow> {
  return streamRows<VariableRow>(
    source,
    `SELECT id_var AS id, date, value::float8 AS value FROM variable_log_float
      WHERE id_var = ANY($1::int[]) AND date >= $2 AND date < $3 ORDER BY id_var, date, value`,
    [ids, from, to],
  );
}

export interface StringRow {
  date: number;
  value: string | null;
}

/** Every row of a string variable in [from, to), in time order. */
export function stringRows(source: pg.Client, id: number, from: number, to: number): AsyncGenerator<StringRow> {
  return streamRows<StringRow>(
    source,
    `SELECT date, value FROM variable_log_string WHERE id_var = $1 AND date >= $2 AND date < $3 ORDER BY date, value`,
    [id, from, to],
  );
}

/** String rows in [validFrom, before), newest first: to find when alarms active at a window start were raised. */
export function stringRowsBackwards(source: pg.Client, id: number, validFrom: number, before: number): AsyncGenerator<StringRow> {
  return streamRows<StringRow>(
    source,
    `SELECT date, value FROM variable_log_string WHERE id_var = $1 AND date >= $3 AND date < $2 ORDER BY date DESC, value DESC`,
    [id, before, validFrom],
    500,
  );
}
