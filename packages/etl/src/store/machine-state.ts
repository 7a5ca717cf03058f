import type { Queryable } from '../postgres/queryable.js';
import type { SourceTail } from '../source/source-tail.js';
import { RECORD_COLUMNS, recordOf, type MachineRecord, type RecordRow } from './machine-record.js';
import type { ResumePoint, ResumeRecord } from './resume-state.js';

/** Everything a run reads of the machine's row, the record and what the last run left for the next. */
export interface MachineState {
  /** Null for a machine never run. */
  record: MachineRecord | null;
  /** Where the last run through W stopped reading the log tables. */
  tail: SourceTail | null;
  resume: ResumeRecord;
  /** Where the hours the last run recorded start (ms); null when there is no record. */
  sourceHoursFrom: number | null;
}

/** The machine's row in one statement: a round of `run --every` makes it per machine, every minute. */
export async function readMachineState(db: Queryable, machineId: string): Promise<MachineState> {
  const { rows } = await db.query<
    RecordRow & { tail: SourceTail | null; pieces_from: string | null; point: ResumePoint | null; hours_from: number | null }
  >(
    `SELECT ${RECORD_COLUMNS}, source_tail AS tail, to_char(pieces_from_day, 'YYYY-MM-DD') AS pieces_from,
            resume_state AS point, source_hours_from::float8 AS hours_from
       FROM spindle_machine WHERE machine_id = $1`,
    [machineId],
  );
  const r = rows[0];
  return {
    record: r ? recordOf(r) : null,
    tail: r?.tail ?? null,
    resume: { piecesFromDay: r?.pieces_from ?? null, point: r?.point ?? null },
    sourceHoursFrom: r?.hours_from ?? null,
  };
}
