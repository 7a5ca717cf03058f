import type { Queryable } from '../postgres/queryable.js';
import type { HourFingerprint } from '../source/hour-fingerprints.js';
import type { SourceTail } from '../source/source-tail.js';

/** The production DB's hours, as a run read them, from `from` (ms) through its W. */
export interface SourceHours {
  from: number;
  hours: Map<number, HourFingerprint>;
}

/** The hours the last run recorded, which start at `from` (MachineState.sourceHoursFrom). */
export async function readSourceHours(db: Queryable, machineId: string, from: number): Promise<SourceHours> {
  const { rows } = await db.query<{ hour: number; rows: number; date_sum: string; id_sum: number }>(
    `SELECT hour::float8 AS hour, rows::float8 AS rows, date_sum::text AS date_sum, id_sum::float8 AS id_sum FROM spindle_source_hour WHERE machine_id = $1`,
    [machineId],
  );
  return { from, hours: new Map(rows.map((r) => [r.hour, { rows: r.rows, dateSum: r.date_sum, idSum: r.id_sum }])) };
}

/** The tail alone, when a run found nothing else to write (writeRunState writes it with the rest). */
export async function writeSourceTail(db: Queryable, machineId: string, tail: SourceTail | null): Promise<void> {
  await db.query('UPDATE spindle_machine SET source_tail = $2 WHERE machine_id = $1', [
    machineId,
    tail === null ? null : JSON.stringify(tail),
  ]);
}

/** What the last computation of each UTC hour in [fromHour, toHour] read (hours as ms / 3 600 000). */
export async function readHoursSeen(
  db: Queryable,
  machineId: string,
  fromHour: number,
  toHour: number,
): Promise<Map<number, HourFingerprint>> {
  const { rows } = await db.query<{ hour: number; rows: number; date_sum: string; id_sum: number }>(
    `SELECT hour::float8 AS hour, rows::float8 AS rows, date_sum::text AS date_sum, id_sum::float8 AS id_sum
       FROM spindle_hour_seen WHERE machine_id = $1 AND hour BETWEEN $2 AND $3`,
    [machineId, fromHour, toHour],
  );
  return new Map(rows.map((r) => [r.hour, { rows: r.rows, dateSum: r.date_sum, idSum: r.id_sum }]));
}
