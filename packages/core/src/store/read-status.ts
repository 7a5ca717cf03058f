import { machineLocked } from './machine-lock.js';
import type { Queryable } from './queryable.js';

export interface MachineStatus {
  machineId: string;
  name: string;
  watermark: string | null;
  firstDay: string | null;
  lastDay: string | null;
  /** A run of this machine in progress now, if any. */
  currentRun: { kind: 'run' | 'backfill'; startedAt: string; worker: string | null } | null;
  /** The latest run that ended: abandoned when it died without finishing (killed, host lost). */
  lastRun: {
    kind: 'run' | 'backfill';
    startedAt: string;
    finishedAt: string | null;
    status: 'succeeded' | 'failed' | 'abandoned';
    fromDay: string | null;
    toDay: string | null;
    rowsRead: number;
    invalidRows: number;
    /** Of invalidRows: rows dated outside [historyStart, clock + skew], a lying clock (metrics.md §14). */
    implausibleDateRows: number;
    malformedAlarmRows: number;
    error: string | null;
  } | null;
}

const iso = (v: Date | null) => (v === null ? null : v.toISOString());

type RunKind = 'run' | 'backfill';

/** A row of the status query, as pg hands it over: the run's columns are set exactly when there is a last run. */
type StatusRow = {
  machine_id: string;
  name: string;
  watermark: Date | null;
  first_day: string | null;
  last_day: string | null;
  current_kind: RunKind | null;
  current_started_at: Date;
  current_worker: string | null;
} & (
  | { kind: null }
  | {
      kind: RunKind;
      started_at: Date;
      finished_at: Date | null;
      status: 'succeeded' | 'failed' | 'abandoned';
      from_day: string | null;
      to_day: string | null;
      rows_read: number;
      invalid_rows: number;
      implausible_date_rows: number;
      malformed_alarm_rows: number;
      error: string | null;
    }
);

const ABANDONED = 'the run ended without finishing (process killed or host lost); its rows were rolled back';

/** Per machine: watermark, covered days, the run in progress and the latest run that ended. */
export async function readStatus(db: Queryable): Promise<MachineStatus[]> {
  const { rows } = await db.query<StatusRow>(
    `SELECT ids.machine_id, coalesce(m.name, ids.machine_id) AS name, m.watermark, m.first_day::text AS first_day, m.last_day::text AS last_day,
            c.kind AS current_kind, c.started_at AS current_started_at, c.worker AS current_worker,
            r.kind, r.started_at, r.finished_at, CASE WHEN r.status = 'running' THEN 'abandoned' ELSE r.status END AS status,
            r.from_day::text AS from_day, r.to_day::text AS to_day,
            r.rows_read::float8 AS rows_read, r.invalid_rows::float8 AS invalid_rows,
            r.malformed_alarm_rows::float8 AS malformed_alarm_rows,
            r.implausible_date_rows::float8 AS implausible_date_rows, coalesce(r.error, CASE WHEN r.status = 'running' THEN $1 END) AS error
       FROM (SELECT machine_id FROM spindle_machine UNION SELECT machine_id FROM spindle_run) ids
       LEFT JOIN spindle_machine m ON m.machine_id = ids.machine_id
       LEFT JOIN LATERAL (SELECT * FROM spindle_run r WHERE r.machine_id = ids.machine_id AND r.status = 'running' AND ${machineLocked('r')}
                           ORDER BY run_id DESC LIMIT 1) c ON true
       LEFT JOIN LATERAL (SELECT * FROM spindle_run r WHERE r.machine_id = ids.machine_id AND NOT (r.status = 'running' AND ${machineLocked('r')})
                           ORDER BY run_id DESC LIMIT 1) r ON true
      ORDER BY ids.machine_id`,
    [ABANDONED],
  );
  return rows.map((r) => ({
    machineId: r.machine_id,
    name: r.name,
    watermark: iso(r.watermark),
    firstDay: r.first_day,
    lastDay: r.last_day,
    currentRun:
      r.current_kind === null ? null : { kind: r.current_kind, startedAt: r.current_started_at.toISOString(), worker: r.current_worker },
    lastRun:
      r.kind === null
        ? null
        : {
            kind: r.kind,
            startedAt: r.started_at.toISOString(),
            finishedAt: iso(r.finished_at),
            status: r.status,
            fromDay: r.from_day,
            toDay: r.to_day,
            rowsRead: r.rows_read,
            invalidRows: r.invalid_rows,
            malformedAlarmRows: r.malformed_alarm_rows,
            implausibleDateRows: r.implausible_date_rows,
            error: r.error,
          },
  }));
}
