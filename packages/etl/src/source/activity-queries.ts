import { validMotor } from './motor-query.js';
import type { Queryable } from '../postgres/queryable.js';
import type { PlausibleDates } from './plausible-dates.js';

// Every query names id_var = ANY(...) so a production index on (id_var, date)
// serves date ranges; per-variable LATERAL lookups make max/min index probes.
const BOTH_TABLES = ['variable_log_float', 'variable_log_string'] as const;

async function extremeDate(source: Queryable, ids: number[], agg: 'min' | 'max', where: string, values: unknown[]): Promise<number | null> {
  const parts = BOTH_TABLES.map(
    (t) =>
      `SELECT ${agg}(x.d) AS d FROM unnest($1::int[]) v(id) CROSS JOIN LATERAL (SELECT ${agg}(date) AS d FROM ${t} WHERE id_var = v.id ${where}) x`,
  );
  const { rows } = await source.query<{ d: number | null }>(`SELECT ${agg}(d) AS d FROM (${parts.join(' UNION ALL ')}) u`, [
    ids,
    ...values,
  ]);
  return rows[0]?.d ?? null;
}

/** W: the largest plausible `date` in either log table (metrics.md §3, §14). */
export const watermark = (source: Queryable, ids: number[], dates: PlausibleDates) =>
  extremeDate(source, ids, 'max', 'AND date >= $2 AND date <= $3', [dates.from, dates.to]);

/** a0: the first activity instant (metrics.md §4): the first plausible date (§14). */
export const firstActivity = (source: Queryable, ids: number[], dates: PlausibleDates) =>
  extremeDate(source, ids, 'min', 'AND date >= $2 AND date <= $3', [dates.from, dates.to]);

/** The last activity instant in [validFrom, t), carried into a window that starts at t. */
export const lastActivityBefore = (source: Queryable, ids: number[], validFrom: number, t: number) =>
  extremeDate(source, ids, 'max', 'AND date >= $2 AND date < $3', [validFrom, t]);

/** The first activity instant in [from, to), or null. */
export const firstActivityIn = (source: Queryable, ids: number[], from: number, to: number) =>
  extremeDate(source, ids, 'min', 'AND date >= $2 AND date < $3', [from, to]);

export interface ActivityBlock {
  first: number;
  last: number;
}

const HOUR_MS = 3_600_000;

/**
 * A block as the activity pass reads it: also its rows' offsets into their UTC
 * hour and variable ids, summed (a block never straddles a UTC hour), which make
 * the hour fingerprints the audit compares (source/hour-fingerprints.ts).
 */
export interface ActivityBlockRows extends ActivityBlock {
  rows: number;
  invalidMotorRows: number;
  dateOffsets: number;
  idSum: number;
}

/**
 * Activity instants in [from, to) summarised per block of `blockMs` ≤ the offline
 * gap: a gap longer than the threshold cannot hide inside a block, so the blocks'
 * first and last instants find every offline interval in one aggregating pass.
 * The same pass counts rows, and the invalid rows of the variables in `motorIds`.
 */
export async function activityBlocks(
  source: Queryable,
  ids: number[],
  motors: readonly { id: number; max: number }[],
  from: number,
  to: number,
  blockMs: number,
): Promise<ActivityBlockRows[]> {
  const { rows } = await source.query<ActivityBlockRows>(
    `SELECT min(date) AS first, max(date) AS last, count(*)::float8 AS rows, count(*) FILTER (WHERE bad)::float8 AS "invalidMotorRows",
            sum(date % ${HOUR_MS})::float8 AS "dateOffsets", sum(id_var)::float8 AS "idSum"
       FROM (SELECT date, id_var, id_var = ANY($5::int[]) AND NOT coalesce(${validMotor(motors)}, false) AS bad
               FROM variable_log_float WHERE id_var = ANY($1::int[]) AND date >= $2 AND date < $3
             UNION ALL
             SELECT date, id_var, false FROM variable_log_string WHERE id_var = ANY($1::int[]) AND date >= $2 AND date < $3) a
      GROUP BY date / $4::bigint`,
    [ids, from, to, blockMs, motors.map((m) => m.id)],
  );
  return rows;
}
