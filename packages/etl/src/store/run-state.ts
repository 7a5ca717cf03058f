import type { Queryable } from '../postgres/queryable.js';
import type { HourFingerprint } from '../source/hour-fingerprints.js';
import type { SourceTail } from '../source/source-tail.js';
import type { ResumePoint, StoredPiece } from './resume-state.js';
import type { SourceHours } from './source-hours.js';

/** What a run leaves for the runs after it, written at its end inside its transaction. */
export interface RunState {
  /** The hours of the next run's window as read now (spindle_source_hour); absent leaves the record as it was. */
  sourceHours?: SourceHours;
  /**
   * The pieces from `from` on are replaced by `pieces` of days from `keepFromDay`
   * (the days the next run may recompute), those of earlier days are forgotten,
   * and the carried state recorded; `keepFromDay` null forgets every piece: the
   * next run starts at a day.
   */
  resume: { from: number; pieces: readonly StoredPiece[]; keepFromDay: string | null; point: ResumePoint | null };
  /** What was read of each UTC hour in [fromHour, toHour] (spindle_hour_seen): an hour absent held no rows. */
  seen: { fromHour: number; toHour: number; hours: ReadonlyMap<number, HourFingerprint> };
  /** "Everything before it was read": null after a run that did not read through W. */
  tail: SourceTail | null;
}

/**
 * Writes a run's state in two statements, whatever its size: the rows it
 * replaces deleted and the machine's row updated, then the new rows inserted
 * (a data-modifying CTE does not see another's changes to the same table, so
 * deleting and inserting the same keys needs two). A one-minute run of
 * `run --every` made nine round trips of this.
 */
export async function writeRunState(db: Queryable, machineId: string, state: RunState): Promise<void> {
  const { sourceHours, resume, seen, tail } = state;
  const keepFromDay = resume.keepFromDay;
  await db.query(
    `WITH source_hours AS (DELETE FROM spindle_source_hour WHERE machine_id = $1 AND $2::bool),
          pieces AS (DELETE FROM spindle_piece WHERE machine_id = $1 AND ($4::date IS NULL OR start_ms >= $5 OR day < $4::date)),
          seen AS (DELETE FROM spindle_hour_seen WHERE machine_id = $1 AND hour BETWEEN $6 AND $7)
     UPDATE spindle_machine
        SET source_hours_from = CASE WHEN $2::bool THEN $3::bigint ELSE source_hours_from END,
            pieces_from_day = $4::date, resume_state = $8::jsonb, source_tail = $9::jsonb
      WHERE machine_id = $1`,
    [
      machineId,
      sourceHours !== undefined,
      sourceHours?.from ?? null,
      keepFromDay,
      resume.from,
      seen.fromHour,
      seen.toHour,
      keepFromDay === null ? null : JSON.stringify(resume.point),
      tail === null ? null : JSON.stringify(tail),
    ],
  );
  const hours = sourceHours === undefined ? [] : [...sourceHours.hours];
  const pieces = keepFromDay === null ? [] : resume.pieces.filter((p) => p.day >= keepFromDay);
  const seenHours = [...seen.hours].filter(([h]) => h >= seen.fromHour && h <= seen.toHour);
  if (hours.length + pieces.length + seenHours.length === 0) return;
  await db.query(
    `WITH source_hours AS (
       INSERT INTO spindle_source_hour (machine_id, hour, rows, date_sum, id_sum)
       SELECT $1, * FROM unnest($2::bigint[], $3::bigint[], $4::numeric[], $5::bigint[])),
     pieces AS (
       INSERT INTO spindle_piece (machine_id, day, start_ms, end_ms, state, program, shift, planned, kwh, cause)
       SELECT $1, * FROM unnest($6::date[], $7::bigint[], $8::bigint[], $9::text[], $10::int4[], $11::int2[], $12::bool[], $13::float8[], $14::jsonb[]))
     INSERT INTO spindle_hour_seen (machine_id, hour, rows, date_sum, id_sum)
     SELECT $1, * FROM unnest($15::bigint[], $16::bigint[], $17::numeric[], $18::bigint[])`,
    [
      machineId,
      ...fingerprintColumns(hours),
      pieces.map((p) => p.day),
      pieces.map((p) => p.start),
      pieces.map((p) => p.end),
      pieces.map((p) => p.state),
      pieces.map((p) => p.program),
      pieces.map((p) => p.shift),
      pieces.map((p) => p.planned),
      pieces.map((p) => p.kwh),
      pieces.map(storedCause),
      ...fingerprintColumns(seenHours),
    ],
  );
}

/** Hours, row counts, date sums and id sums as four parallel arrays for unnest. */
function fingerprintColumns(entries: readonly [number, HourFingerprint][]): [number[], number[], string[], number[]] {
  return [entries.map(([h]) => h), entries.map(([, f]) => f.rows), entries.map(([, f]) => f.dateSum), entries.map(([, f]) => f.idSum)];
}

/** A piece's cause as the downtime rollup reads it; when it cleared is not part of a piece. */
function storedCause({ cause: c }: StoredPiece): string | null {
  return c === null
    ? null
    : JSON.stringify({
        identity: c.identity,
        code: c.code,
        description: c.description,
        category: c.category,
        raisedAt: c.raisedAt,
        clearedAt: null,
      });
}
