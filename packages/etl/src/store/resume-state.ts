import type { AlarmOccurrence } from '../compute/alarm-tracker.js';
import type { Piece } from '../compute/pieces.js';
import type { Queryable } from '../postgres/queryable.js';

/** A piece as stored: placed by its instants, not by indexes into one run's hours and days. */
export type StoredPiece = Omit<Piece, 'hour' | 'day'> & { day: string };

/** What runs carry into an instant (metrics.md §9): the last values before it and the alarms open at it. */
export interface CarriedState {
  lastActivity: number | null;
  inOperation: number | null;
  program: number | null;
  emergency: number | null;
  standby: number | null;
  /** Null when the machine logs no alarms. */
  alarms: AlarmOccurrence[] | null;
}

/** The state carried into `at`, as the last run that reached the watermark saw it. */
export interface ResumePoint {
  at: number;
  state: CarriedState;
}

/** What lets a run resume at an hour: the pieces stored from `piecesFromDay` through the watermark, and the carried state. */
export interface ResumeRecord {
  piecesFromDay: string | null;
  point: ResumePoint | null;
}

/** The stored pieces of [from, to), in time order. */
export async function readPieces(db: Queryable, machineId: string, from: number, to: number): Promise<StoredPiece[]> {
  const { rows } = await db.query<{
    day: string;
    start: number;
    end: number;
    state: Piece['state'];
    program: number | null;
    shift: number;
    planned: boolean;
    kwh: number;
    cause: AlarmOccurrence | null;
  }>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, start_ms::float8 AS start, end_ms::float8 AS "end", state, program, shift, planned, kwh, cause
       FROM spindle_piece WHERE machine_id = $1 AND start_ms >= $2 AND start_ms < $3 ORDER BY start_ms`,
    [machineId, from, to],
  );
  return rows;
}

/**
 * Replaces the stored pieces from `from` on with `pieces` (only those of days
 * from `keepFromDay`, the days the next run may recompute), forgets those of
 * earlier days, and records the carried state; in the run's transaction.
 * `keepFromDay` null forgets every piece: the next run starts at a day.
 */
export async function writeResumeRecord(
  db: Queryable,
  machineId: string,
  from: number,
  pieces: readonly StoredPiece[],
  keepFromDay: string | null,
  point: ResumePoint | null,
): Promise<void> {
  if (keepFromDay === null) await db.query('DELETE FROM spindle_piece WHERE machine_id = $1', [machineId]);
  else await db.query('DELETE FROM spindle_piece WHERE machine_id = $1 AND (start_ms >= $2 OR day < $3)', [machineId, from, keepFromDay]);
  await db.query('UPDATE spindle_machine SET pieces_from_day = $2, resume_state = $3 WHERE machine_id = $1', [
    machineId,
    keepFromDay,
    keepFromDay === null ? null : JSON.stringify(point),
  ]);
  if (keepFromDay === null) return;
  const kept = pieces.filter((p) => p.day >= keepFromDay);
  if (kept.length === 0) return;
  // The cause as the downtime rollup reads it; when it cleared is not part of a piece.
  const cause = ({ cause: c }: StoredPiece) =>
    c === null
      ? null
      : JSON.stringify({
          identity: c.identity,
          code: c.code,
          description: c.description,
          category: c.category,
          raisedAt: c.raisedAt,
          clearedAt: null,
        });
  await db.query(
    `INSERT INTO spindle_piece (machine_id, day, start_ms, end_ms, state, program, shift, planned, kwh, cause)
     SELECT $1, * FROM unnest($2::date[], $3::bigint[], $4::bigint[], $5::text[], $6::int4[], $7::int2[], $8::bool[], $9::float8[], $10::jsonb[])`,
    [
      machineId,
      kept.map((p) => p.day),
      kept.map((p) => p.start),
      kept.map((p) => p.end),
      kept.map((p) => p.state),
      kept.map((p) => p.program),
      kept.map((p) => p.shift),
      kept.map((p) => p.planned),
      kept.map((p) => p.kwh),
      kept.map(cause),
    ],
  );
}
