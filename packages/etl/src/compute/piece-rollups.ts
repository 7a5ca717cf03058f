import type { Piece } from './pieces.js';
import type { EnergyHourRow, ProgramDayRow, StateIntervalRow, UtilizationRow } from './metric-rows.js';

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

const key = (state: Piece['state']) => (state === 'RUNNING' ? 'runningMs' : state === 'IDLE' ? 'idleMs' : 'offlineMs');

/** metrics.md §4: running + idle + offline per day and per (day, shift), zeros included. */
export function utilizationRows(pieces: readonly Piece[], frame: RollupFrame): UtilizationRow[] {
  const byDay = frame.days.map((day, i) => ({
    day,
    shift: null,
    runningMs: 0,
    idleMs: 0,
    offlineMs: 0,
    coveredMs: Math.max(0, frame.covered[i]!.end - frame.covered[i]!.start),
  }));
  const byShift = frame.days.flatMap((day) =>
    Array.from({ length: frame.shiftCount }, (_, shift) => ({ day, shift, runningMs: 0, idleMs: 0, offlineMs: 0, coveredMs: 0 })),
  );
  for (const p of pieces) {
    const ms = p.end - p.start;
    byDay[p.day]![key(p.state)] += ms;
    const s = byShift[p.day * frame.shiftCount + p.shift]!;
    s[key(p.state)] += ms;
    s.coveredMs += ms;
  }
  return [...byDay, ...byShift];
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
