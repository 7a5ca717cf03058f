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
 * the variables `ids` (every logged id: all rows are activity), read from the
 * (id_var, date) index in one pass: `upTo` counts only the rows dated at or
 * before `split`, `all` every row, so one scan serves both the comparison with
 * the last run (rows up to its watermark) and the record for the next.
 */
export async function hourFingerprints(
  source: Queryable,
  ids: number[],
  from: number,
  to: number,
  split = to,
): Promise<{ upTo: Map<number, HourFingerprint>; all: Map<number, HourFingerprint> }> {
  const part = (table: string) =>
    `SELECT date / ${HOUR_MS} AS hour, count(*) AS n, sum(date) AS d, sum(id_var) AS i,
            count(*) FILTER (WHERE date <= $4) AS n_up, sum(date) FILTER (WHERE date <= $4) AS d_up, sum(id_var) FILTER (WHERE date <= $4) AS i_up
       FROM ${table} WHERE id_var = ANY($1::int[]) AND date >= $2 AND date <= $3 GROUP BY 1`;
  const { rows } = await source.query<{
    hour: number;
    n: number;
    d: string;
    i: number;
    n_up: number;
    d_up: string | null;
    i_up: number | null;
  }>(
    `SELECT hour, sum(n)::float8 AS n, sum(d)::text AS d, sum(i)::float8 AS i,
            sum(n_up)::float8 AS n_up, sum(d_up)::text AS d_up, sum(i_up)::float8 AS i_up
       FROM (${part('variable_log_float')} UNION ALL ${part('variable_log_string')}) h
      GROUP BY hour`,
    [ids, from, to, split],
  );
  const upTo = new Map<number, HourFingerprint>();
  const all = new Map<number, HourFingerprint>();
  for (const r of rows) {
    const hour = Number(r.hour);
    all.set(hour, { rows: r.n, dateSum: r.d, idSum: r.i });
    if (r.n_up > 0) upTo.set(hour, { rows: r.n_up, dateSum: r.d_up ?? '0', idSum: r.i_up ?? 0 });
  }
  return { upTo, all };
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
