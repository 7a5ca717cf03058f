import type { Queryable } from '../source/pg-types.js';

export interface RunRecord {
  machineId: string;
  kind: 'run' | 'backfill';
  startedAt: number;
  finishedAt: number;
  status: 'succeeded' | 'failed';
  fromDay: string | null;
  toDay: string | null;
  watermark: number | null;
  rowsRead: number;
  invalidRows: number;
  malformedAlarmRows: number;
  error: string | null;
}

export async function insertRunRecord(db: Queryable, r: RunRecord): Promise<void> {
  await db.query(
    `INSERT INTO spindle_run (machine_id, kind, started_at, finished_at, status, from_day, to_day, watermark,
                              rows_read, invalid_rows, malformed_alarm_rows, error)
     VALUES ($1, $2, to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0), $5, $6, $7, to_timestamp($8 / 1000.0), $9, $10, $11, $12)`,
    [r.machineId, r.kind, r.startedAt, r.finishedAt, r.status, r.fromDay, r.toDay, r.watermark, r.rowsRead, r.invalidRows, r.malformedAlarmRows, r.error],
  );
}
