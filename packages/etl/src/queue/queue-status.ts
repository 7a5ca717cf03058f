import type { Queryable } from '../postgres/queryable.js';
import { QUEUE_SCHEMA, UNIT_QUEUE } from './etl-queue.js';
import type { WorkUnit } from './work-unit.js';

/** One try of a queued unit, as its run record tells it. */
export interface UnitRun {
  jobId: string;
  machineId: string;
  kind: 'run' | 'backfill';
  fromDay: string | null;
  toDay: string | null;
  attempt: number;
  worker: string;
  status: 'succeeded' | 'failed';
  startedAt: string;
  durationMs: number;
  rowsRead: number;
  error: string | null;
}

export interface QueueStatus {
  /** Units by state: waiting (created), retrying (waiting for a retry), active, done, failed for good. */
  counts: { waiting: number; retrying: number; active: number; done: number; failed: number };
  /** Units that used up their retries, with the last error. */
  failed: { jobId: string; unit: WorkUnit; tries: number; error: string | null }[];
  /** The latest tries, newest first. */
  recent: UnitRun[];
}

/** The scale-out queue's state, or null when no queue was ever opened in this database. */
export async function readQueueStatus(db: Queryable, recent = 50): Promise<QueueStatus | null> {
  const exists = await db.query<{ t: string | null }>(`SELECT to_regclass('${QUEUE_SCHEMA}.job')::text AS t`);
  if (!exists.rows[0]?.t) return null;
  const states = await db.query<{ state: string; n: number }>(
    `SELECT state::text, count(*)::int AS n FROM ${QUEUE_SCHEMA}.job WHERE name = $1 GROUP BY state`,
    [UNIT_QUEUE],
  );
  const n = (state: string) => states.rows.find((r) => r.state === state)?.n ?? 0;
  const failed = await db.query<{ id: string; data: WorkUnit; retry_count: number; output: { message?: string } | null }>(
    `SELECT id::text, data, retry_count, output FROM ${QUEUE_SCHEMA}.job WHERE name = $1 AND state = 'failed' ORDER BY completed_on DESC NULLS LAST LIMIT 100`,
    [UNIT_QUEUE],
  );
  const runs = await db.query<{
    job_id: string;
    machine_id: string;
    kind: UnitRun['kind'];
    from_day: string | null;
    to_day: string | null;
    attempt: number;
    worker: string;
    status: UnitRun['status'];
    started_at: Date;
    duration_ms: number;
    rows_read: number;
    error: string | null;
  }>(
    `SELECT job_id, machine_id, kind, from_day::text AS from_day, to_day::text AS to_day, attempt, worker, status, started_at,
            (extract(epoch FROM finished_at - started_at) * 1000)::float8 AS duration_ms, rows_read::float8 AS rows_read, error
       FROM spindle_run WHERE job_id IS NOT NULL ORDER BY run_id DESC LIMIT $1`,
    [recent],
  );
  return {
    counts: { waiting: n('created'), retrying: n('retry'), active: n('active'), done: n('completed'), failed: n('failed') },
    failed: failed.rows.map((r) => ({ jobId: r.id, unit: r.data, tries: r.retry_count + 1, error: r.output?.message ?? null })),
    recent: runs.rows.map((r) => ({
      jobId: r.job_id,
      machineId: r.machine_id,
      kind: r.kind,
      fromDay: r.from_day,
      toDay: r.to_day,
      attempt: r.attempt,
      worker: r.worker,
      status: r.status,
      startedAt: r.started_at.toISOString(),
      durationMs: Math.round(r.duration_ms),
      rowsRead: r.rows_read,
      error: r.error,
    })),
  };
}
