import type { Queryable } from '../postgres/queryable.js';

/** What one UTC hour of the production DB holds: its rows, and the sums of their dates and variable ids. */
export interface HourFingerprint {
  rows: number;
  /** Exact, as text: a sum of epoch milliseconds outgrows a double's integers. */
  dateSum: string;
  idSum: number;
}

const HOUR_MS = 3_600_000;

/**
 * Per UTC hour, the rows of both log tables dated in [from, to] (inclusive), for
 * the variables `ids` (every logged id: all rows are activity). Read from the
 * (id_var, date) index; one pass, grouped by hour.
 */
export async function hourFingerprints(source: Queryable, ids: number[], from: number, to: number): Promise<Map<number, HourFingerprint>> {
  const { rows } = await source.query<{ hour: number; rows: number; date_sum: string; id_sum: number }>(
    `SELECT hour, sum(n)::float8 AS rows, sum(d)::text AS date_sum, sum(i)::float8 AS id_sum
       FROM (SELECT date / ${HOUR_MS} AS hour, count(*) AS n, sum(date) AS d, sum(id_var) AS i
               FROM variable_log_float WHERE id_var = ANY($1::int[]) AND date >= $2 AND date <= $3 GROUP BY 1
             UNION ALL
             SELECT date / ${HOUR_MS}, count(*), sum(date), sum(id_var)
               FROM variable_log_string WHERE id_var = ANY($1::int[]) AND date >= $2 AND date <= $3 GROUP BY 1) h
      GROUP BY hour`,
    [ids, from, to],
  );
  return new Map(rows.map((r) => [Number(r.hour), { rows: r.rows, dateSum: r.date_sum, idSum: r.id_sum }]));
}

/** The start (ms) of the earliest hour whose fingerprint differs between two readings, or null when none does. */
export function firstChangedHour(before: ReadonlyMap<number, HourFingerprint>, now: ReadonlyMap<number, HourFingerprint>): number | null {
  let first: number | null = null;
  for (const hour of new Set([...before.keys(), ...now.keys()])) {
    const a = before.get(hour);
    const b = now.get(hour);
    const same = a !== undefined && b !== undefined && a.rows === b.rows && a.dateSum === b.dateSum && a.idSum === b.idSum;
    if (!same && (first === null || hour < first)) first = hour;
  }
  return first === null ? null : first * HOUR_MS;
}
