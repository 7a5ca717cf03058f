import type { MachineState } from '@spindle/core';
import type { AlarmOccurrence } from './alarm-tracker.js';
import type { Interval } from './offline-intervals.js';
import type { StepFunction } from './step-function.js';

/** An elementary interval: nothing that any metric depends on changes inside it. */
export interface Piece {
  start: number;
  end: number;
  state: MachineState;
  program: number | null;
  /** Index into the hour starts of the chunk. */
  hour: number;
  /** Index into the days of the chunk. */
  day: number;
  /** Index into the configured shifts (0 without shifts). */
  shift: number;
  /** Inside planned production time (metrics.md §13). */
  planned: boolean;
  /** The alarm occurrence a downtime piece is attributed to (metrics.md §12); null when none is open. */
  cause: AlarmOccurrence | null;
  /** kWh drawn inside the piece; filled by the energy step. */
  kwh: number;
}

export interface PieceInputs {
  from: number;
  to: number;
  hourStarts: readonly number[];
  dayStarts: readonly number[];
  shiftWindows: readonly { shift: number; start: number; end: number; planned: boolean }[];
  offline: readonly Interval[];
  inOperation: StepFunction<number | null> | null;
  program: StepFunction<number | null> | null;
  /** metrics.md §11: the conditions' last valid values; null when not configured. */
  emergency: StepFunction<number | null> | null;
  standby: StepFunction<number | null> | null;
  /** The cause downtime would have at each instant: changes only at alarm rows. */
  cause: StepFunction<AlarmOccurrence | null> | null;
}

const active = (f: StepFunction<number | null> | null, t: number) => {
  const v = f?.at(t) ?? null;
  return v !== null && v > 0;
};

/** Moves forward through sorted starts: the index of the last start ≤ t. */
function advance(starts: readonly number[], i: number, t: number): number {
  while (i + 1 < starts.length && starts[i + 1]! <= t) i++;
  return i;
}

/**
 * Cuts [from, to) at every hour, day and shift boundary, offline interval end,
 * state, condition, program or cause change, and labels each piece (metrics.md
 * §4, §6, §11–§13).
 */
export function buildPieces(input: PieceInputs): Piece[] {
  const { from, to } = input;
  if (to <= from) return [];
  const cuts = new Set<number>([from, to]);
  const addCut = (t: number) => {
    if (t > from && t < to) cuts.add(t);
  };
  for (const t of [...input.hourStarts, ...input.dayStarts]) addCut(t);
  for (const w of input.shiftWindows) addCut(w.start);
  for (const o of input.offline) {
    addCut(o.start);
    addCut(o.end);
  }
  for (const t of input.inOperation?.dates() ?? []) addCut(t);
  for (const t of input.program?.dates() ?? []) addCut(t);
  for (const f of [input.emergency, input.standby, input.cause]) for (const t of f?.dates() ?? []) addCut(t);
  const bounds = [...cuts].sort((a, b) => a - b);

  const shiftStarts = input.shiftWindows.map((w) => w.start);
  const pieces: Piece[] = [];
  let hour = 0;
  let day = 0;
  let shift = 0;
  let off = 0;
  for (let i = 0; i + 1 < bounds.length; i++) {
    const start = bounds[i]!;
    hour = advance(input.hourStarts, hour, start);
    day = advance(input.dayStarts, day, start);
    shift = advance(shiftStarts, shift, start);
    while (off < input.offline.length && input.offline[off]!.end <= start) off++;
    const offline = off < input.offline.length && input.offline[off]!.start <= start;
    let state: MachineState = 'OFFLINE';
    if (!offline) {
      // metrics.md §4, §11: EMERGENCY, then RUNNING (the last valid inOperation value is > 0, or
      // there is no inOperation), then STANDBY, then IDLE.
      const running = input.inOperation === null || active(input.inOperation, start);
      state = active(input.emergency, start) ? 'EMERGENCY' : running ? 'RUNNING' : active(input.standby, start) ? 'STANDBY' : 'IDLE';
    }
    const cause = input.cause?.at(start) ?? null;
    pieces.push({
      start,
      end: bounds[i + 1]!,
      state,
      program: input.program ? input.program.at(start) : null,
      hour,
      day,
      shift: input.shiftWindows[shift]?.shift ?? 0,
      planned: input.shiftWindows[shift]?.planned ?? true,
      cause: state === 'OFFLINE' || state === 'RUNNING' ? null : cause,
      kwh: 0,
    });
  }
  return pieces;
}

/** Piece boundaries as passed to SQL: every start, then the end. */
export function pieceBounds(pieces: readonly Piece[]): number[] {
  return pieces.length === 0 ? [] : [...pieces.map((p) => p.start), pieces[pieces.length - 1]!.end];
}
