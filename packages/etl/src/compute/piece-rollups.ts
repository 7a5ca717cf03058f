import type { Piece } from './pieces.js';
import type { DowntimeRow, EnergyHourRow, ProgramDayRow, StateIntervalRow, UtilizationRow } from './metric-rows.js';

export interface RollupFrame {
  days: readonly string[];
  /** Covered time of each day (metrics.md §4), clipped to [a0, W). */
  covered: readonly { start: number; end: number }[];
  hourStarts: readonly number[];
  /** Day index of each hour start. */
  hourDays: readonly number[];
  /** Hours to report: those that intersect [a0, W) (metrics.md §10). */
  firstHour: number;
  lastHour: number;
  shiftCount: number;
  hasPrograms: boolean;
}

const STATE_FIELD = {
  RUNNING: 'runningMs',
  IDLE: 'idleMs',
  STANDBY: 'standbyMs',
  EMERGENCY: 'emergencyMs',
  OFFLINE: 'offlineMs',
} as const satisfies Record<Piece['state'], keyof UtilizationRow>;

const emptyUtilization = (day: string, shift: number | null, coveredMs: number): UtilizationRow => ({
  day,
  shift,
  runningMs: 0,
  idleMs: 0,
  standbyMs: 0,
  emergencyMs: 0,
  offlineMs: 0,
  coveredMs,
  plannedMs: 0,
  plannedRunningMs: 0,
  unplannedRunningMs: 0,
});

function addPiece(row: UtilizationRow, p: Piece): void {
  const ms = p.end - p.start;
  row[STATE_FIELD[p.state]] += ms;
  if (p.planned) row.plannedMs += ms;
  if (p.state === 'RUNNING') {
    if (p.planned) row.plannedRunningMs += ms;
    else row.unplannedRunningMs += ms;
  }
}

/**
 * metrics.md §4, §11, §13: the five states, planned time and running inside and
 * outside it, per day and per (day, shift), zeros included. A day's numbers are
 * sums of its pieces, so they equal the sums of its shifts exactly.
 */
export function utilizationRows(pieces: readonly Piece[], frame: RollupFrame): UtilizationRow[] {
  const byDay = frame.days.map((day, i) => emptyUtilization(day, null, Math.max(0, frame.covered[i]!.end - frame.covered[i]!.start)));
  const byShift = frame.days.flatMap((day) => Array.from({ length: frame.shiftCount }, (_, shift) => emptyUtilization(day, shift, 0)));
  for (const p of pieces) {
    addPiece(byDay[p.day]!, p);
    const s = byShift[p.day * frame.shiftCount + p.shift]!;
    addPiece(s, p);
    s.coveredMs += p.end - p.start;
  }
  return [...byDay, ...byShift];
}

/** metrics.md §12: downtime per (day, state, cause), only where there is some. */
export function downtimeRows(pieces: readonly Piece[], frame: RollupFrame): DowntimeRow[] {
  const rows = new Map<string, DowntimeRow>();
  for (const p of pieces) {
    if (p.state === 'RUNNING' || p.state === 'OFFLINE' || p.end <= p.start) continue;
    const c = p.cause;
    const k = `${p.day}\u0000${p.state}\u0000${c?.category ?? ''}\u0000${c === null ? '\u0001' : c.identity}`;
    let row = rows.get(k);
    if (!row) {
      row = {
        day: frame.days[p.day]!,
        state: p.state,
        category: c?.category ?? null,
        identity: c?.identity ?? null,
        code: c?.code ?? null,
        description: c?.description ?? null,
        raisedAt: c?.raisedAt ?? null,
        ms: 0,
      };
      rows.set(k, row);
    } else if (c !== null && c.raisedAt > row.raisedAt!) {
      row.code = c.code;
      row.description = c.description;
      row.raisedAt = c.raisedAt;
    }
    row.ms += p.end - p.start;
  }
  return [...rows.values()];
}

/** The state timeline as maximal runs, cut at production day boundaries. */
export function stateIntervals(pieces: readonly Piece[], frame: RollupFrame): StateIntervalRow[] {
  const out: StateIntervalRow[] = [];
  let last: (StateIntervalRow & { dayIndex: number }) | null = null;
  for (const p of pieces) {
    if (last && last.state === p.state && last.dayIndex === p.day && last.end === p.start) last.end = p.end;
    else {
      last = { day: frame.days[p.day]!, dayIndex: p.day, start: p.start, end: p.end, state: p.state };
      out.push(last);
    }
  }
  return out.map(({ day, start, end, state }) => ({ day, start, end, state }));
}

/** metrics.md §7, §10: kWh of every hour bucket that intersects [a0, W), zeros included. */
export function energyRows(pieces: readonly Piece[], frame: RollupFrame): EnergyHourRow[] {
  const kwh = new Float64Array(frame.hourStarts.length);
  for (const p of pieces) kwh[p.hour]! += p.kwh;
  const rows: EnergyHourRow[] = [];
  for (let h = frame.firstHour; h <= frame.lastHour; h++) {
    rows.push({ day: frame.days[frame.hourDays[h]!]!, start: frame.hourStarts[h]!, kwh: kwh[h]! });
  }
  return rows;
}

/** metrics.md §6: RUNNING time and its energy per (day, program), only where running. */
export function programRows(pieces: readonly Piece[], frame: RollupFrame): ProgramDayRow[] {
  if (!frame.hasPrograms) return [];
  const rows = new Map<string, ProgramDayRow>();
  for (const p of pieces) {
    if (p.state !== 'RUNNING') continue;
    const k = `${p.day}:${p.program}`;
    let row = rows.get(k);
    if (!row) {
      row = { day: frame.days[p.day]!, program: p.program, runningMs: 0, kwh: 0 };
      rows.set(k, row);
    }
    row.runningMs += p.end - p.start;
    row.kwh += p.kwh;
  }
  return [...rows.values()];
}
