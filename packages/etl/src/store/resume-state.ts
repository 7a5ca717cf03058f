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

/**
 * What lets a run resume at an hour: the pieces stored from `piecesFromDay`
 * through the watermark, and the carried state (written by writeRunState).
 */
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
