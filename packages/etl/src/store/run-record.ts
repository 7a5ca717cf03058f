import type { Queryable } from '../postgres/queryable.js';

/** What a run knows when it starts. */
export interface RunStart {
  machineId: string;
  kind: 'run' | 'backfill';
  startedAt: number;
  /** Who runs it: `host:pid`, or the queue worker's id. */
  worker: string;
  /** Set when the run is a queued work unit. */
  unit?: UnitAttempt;
}

/** How a run ended. */
export interface RunEnd {
  finishedAt: number;
  status: 'succeeded' | 'failed';
  fromDay: string | null;
  toDay: string | null;
  watermark: number | null;
  rowsRead: number;
  invalidRows: number;
  implausibleDateRows: number;
  malformedAlarmRows: number;
  error: string | null;
}

/** Which queued unit a run was, and which try of it. */
export interface UnitAttempt {
  jobId: string;
  /** 1 for the first try. */
  attempt: number;
  worker: string;
}

/** Records a run as running; call outside the machine's transaction so others see it at once. Returns its id. */
export async function startRunRecord(db: Queryable, r: RunStart): Promise<string> {
  const { rows } = await db.query<{ run_id: string }>(
    `INSERT INTO spindle_run (machine_id, kind, started_at, status, job_id, attempt, worker)
     VALUES ($1, $2, to_timestamp($3 / 1000.0), 'running', $4, $5, $6) RETURNING run_id::text`,
    [r.machineId, r.kind, r.startedAt, r.unit?.jobId ?? null, r.unit?.attempt ?? null, r.unit?.worker ?? r.worker],
  );
  return rows[0]!.run_id;
}

/** Records how a run ended: inside the machine's transaction when it succeeded, so data and record commit together. */
export async function finishRunRecord(db: Queryable, machineId: string, runId: string, r: RunEnd): Promise<void> {
  await db.query(
    `UPDATE spindle_run SET finished_at = to_timestamp($3 / 1000.0), status = $4, from_day = $5, to_day = $6,
            watermark = to_timestamp($7 / 1000.0), rows_read = $8, invalid_rows = $9, malformed_alarm_rows = $10, error = $11,
            implausible_date_rows = $12
      WHERE machine_id = $1 AND run_id = $2`,
    [
      machineId,
      runId,
      r.finishedAt,
      r.status,
      r.fromDay,
      r.toDay,
      r.watermark,
      r.rowsRead,
      r.invalidRows,
      r.malformedAlarmRows,
      r.error,
      r.implausibleDateRows,
    ],
  );
}
