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
  /** Set when the run was a queued work unit. */
  unit?: UnitAttempt;
}

/** Which queued unit a run was, and which try of it. */
export interface UnitAttempt {
  jobId: string;
  /** 1 for the first try. */
  attempt: number;
  worker: string;
}

export async function insertRunRecord(db: Queryable, r: RunRecord): Promise<void> {
  await db.query(
    `INSERT INTO spindle_run (machine_id, kind, started_at, finished_at, status, from_day, to_day, watermark,
                              rows_read, invalid_rows, malformed_alarm_rows, error, job_id, attempt, worker)
     VALUES ($1, $2, to_timestamp($3 / 1000.0), to_timestamp($4 / 1000.0), $5, $6, $7, to_timestamp($8 / 1000.0), $9, $10, $11, $12, $13, $14, $15)`,
    [
      r.machineId, r.kind, r.startedAt, r.finishedAt, r.status, r.fromDay, r.toDay, r.watermark, r.rowsRead, r.invalidRows, r.malformedAlarmRows, r.error,
      r.unit?.jobId ?? null, r.unit?.attempt ?? null, r.unit?.worker ?? null,
    ],
  );
}
