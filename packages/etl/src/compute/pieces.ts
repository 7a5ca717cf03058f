import type { Interval } from './offline-intervals.js';
import type { StepFunction } from './step-function.js';

export type MachineState = 'RUNNING' | 'IDLE' | 'OFFLINE';

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
  /** kWh drawn inside the piece; filled by the energy step. */
  kwh: number;
}

export interface PieceInputs {
  from: number;
  to: number;
  hourStarts: readonly number[];
  dayStarts: readonly number[];
  shiftWindows: readonly { shift: number; start: number; end: number }[];
  offline: readonly Interval[];
  inOperation: StepFunction<number | null> | null;
  program: StepFunction<number | null> | null;
}

/** Moves forward through sorted starts: the index of the last start ≤ t. */
function advance(starts: readonly number[], i: number, t: number): number {
  while (i + 1 < starts.length && starts[i + 1]! <= t) i++;
  return i;
}

/**
 * Cuts [from, to) at every hour, day and shift boundary, offline interval end and
 * state or program change, and labels each piece (metrics.md §4, §6).
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
      // metrics.md §4: RUNNING when the last valid inOperation value is > 0; none known is IDLE.
      const v = input.inOperation ? input.inOperation.at(start) : 1;
      state = v !== null && v > 0 ? 'RUNNING' : 'IDLE';
    }
    pieces.push({
      start,
      end: bounds[i + 1]!,
      state,
      program: input.program ? input.program.at(start) : null,
      hour,
      day,
      shift: input.shiftWindows[shift]?.shift ?? 0,
      kwh: 0,
    });
  }
  return pieces;
}

/** Piece boundaries as passed to SQL: every start, then the end. */
export function pieceBounds(pieces: readonly Piece[]): number[] {
  return pieces.length === 0 ? [] : [...pieces.map((p) => p.start), pieces[pieces.length - 1]!.end];
}
