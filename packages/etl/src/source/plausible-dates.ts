import type { MachineConfig } from '@spindle/core';
import type { Queryable } from '../postgres/queryable.js';

/**
 * metrics.md §14: the dates a row may carry, inclusive. A controller whose clock
 * was reset logs 1970, 2100 or 9999; such rows are invalid and never activity,
 * so W never runs ahead of the run's clock and nothing before historyStart
 * creates days. A row that was in the future for one run is late data for a
 * later run whose clock has passed it.
 */
export interface PlausibleDates {
  from: number;
  to: number;
}

export function plausibleDates(machine: MachineConfig, clock: number): PlausibleDates {
  return { from: Date.parse(machine.historyStart), to: clock + machine.clockSkewSeconds * 1000 };
}

/** Rows of the given variables dated outside the plausible dates: two index range probes per variable and table. */
export async function countImplausible(source: Queryable, ids: number[], dates: PlausibleDates): Promise<number> {
  const count = (table: string) =>
    `SELECT count(*)::float8 AS n FROM unnest($1::int[]) v(id) CROSS JOIN LATERAL (
       SELECT 1 FROM ${table} WHERE id_var = v.id AND date < $2 UNION ALL SELECT 1 FROM ${table} WHERE id_var = v.id AND date > $3) x`;
  const { rows } = await source.query<{ n: number }>(`SELECT (${count('variable_log_float')}) + (${count('variable_log_string')}) AS n`, [
    ids,
    dates.from,
    dates.to,
  ]);
  return rows[0]?.n ?? 0;
}
