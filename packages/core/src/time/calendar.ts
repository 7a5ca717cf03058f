import { offsetAt, offsetSegments, wallToInstant } from './zone.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A production day as `YYYY-MM-DD`. */
export type Day = string;

export interface ShiftDefinition {
  name: string;
  /** Minutes after local midnight. */
  startMinute: number;
  /** Weekdays (0 = Sunday … 6 = Saturday) of the production days whose occurrence is planned; every day when unset. */
  plannedWeekdays?: ReadonlySet<number>;
}

export interface ShiftWindow {
  /** Index into the configured shifts, or 0 when there are none. */
  shift: number;
  start: number;
  end: number;
  /** metrics.md §13: planned production, by the weekday (and holiday) of the day its occurrence started on. */
  planned: boolean;
}

const WEEKDAY_NUMBER: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/**
 * True when `day` is a real calendar day written YYYY-MM-DD (2024-02-30 is not),
 * from 0001-01-01 on: year 0000 is no year of PostgreSQL's `date`.
 */
export function isDay(day: string): boolean {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && day >= '0001-01-01' && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === day;
}

export function dayToUtcMidnight(day: Day): number {
  if (!isDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

export function utcMidnightToDay(ms: number): Day {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: Day, n: number): Day {
  return utcMidnightToDay(dayToUtcMidnight(day) + n * DAY);
}

/** Days from `from` to `to`, both inclusive. */
export function dayCount(from: Day, to: Day): number {
  return Math.round((dayToUtcMidnight(to) - dayToUtcMidnight(from)) / DAY) + 1;
}

/**
 * A machine's calendar: production days, local hour buckets and shift windows
 * (metrics.md §3, §10). All instants are epoch ms UTC.
 */
export class MachineCalendar {
  private readonly dayStartCache = new Map<Day, number>();

  /** The calendar of a machine's configuration (metrics.md §2: timezone, dayStart, shifts). */
  static of(machine: {
    timezone: string;
    dayStart: string;
    shifts: readonly { name: string; start: string; days?: readonly string[] }[];
    holidays?: readonly string[];
  }): MachineCalendar {
    return new MachineCalendar(
      machine.timezone,
      Number(machine.dayStart.slice(0, 2)),
      machine.shifts.map((s) => ({
        name: s.name,
        startMinute: Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3)),
        ...(s.days ? { plannedWeekdays: new Set(s.days.map((d) => WEEKDAY_NUMBER[d]!)) } : {}),
      })),
      new Set(machine.holidays ?? []),
    );
  }

  constructor(
    readonly zone: string,
    readonly dayStartHour: number,
    readonly shifts: readonly ShiftDefinition[] = [],
    readonly holidays: ReadonlySet<Day> = new Set(),
  ) {}

  /** metrics.md §13: whether the occurrence of shift `shift` (an index; 0 without shifts) that starts on `day` is planned. */
  isPlanned(day: Day, shift: number): boolean {
    if (this.holidays.has(day)) return false;
    const weekdays = this.shifts[shift]?.plannedWeekdays;
    return weekdays === undefined || weekdays.has(new Date(dayToUtcMidnight(day)).getUTCDay());
  }

  /** start(D): the instant local D at dayStart, DST gaps moving forward. */
  dayStart(day: Day): number {
    let t = this.dayStartCache.get(day);
    if (t === undefined) {
      t = wallToInstant(this.zone, dayToUtcMidnight(day) + this.dayStartHour * HOUR);
      this.dayStartCache.set(day, t);
    }
    return t;
  }

  /** The production day of instant t: the local date of (local(t) − dayStart). */
  dayOf(t: number): Day {
    const day = utcMidnightToDay(Math.floor((t + offsetAt(this.zone, t) - this.dayStartHour * HOUR) / DAY) * DAY);
    // A wall time in the repeated hour can map to a day whose start is still ahead.
    if (t < this.dayStart(day)) return addDays(day, -1);
    if (t >= this.dayStart(addDays(day, 1))) return addDays(day, 1);
    return day;
  }

  /** Days from `first` to `last` inclusive. */
  daysBetween(first: Day, last: Day): Day[] {
    const days: Day[] = [];
    for (let d = first; d <= last; d = addDays(d, 1)) days.push(d);
    return days;
  }

  /**
   * Start instants of the local hour buckets that begin in [from, to), where
   * `from` is itself a bucket start (a day start). Offset changes that do not fall
   * on an hour boundary start a bucket of their own.
   */
  hourStarts(from: number, to: number): number[] {
    const starts: number[] = [];
    for (const seg of offsetSegments(this.zone, from, to)) {
      let b = Math.ceil((seg.start + seg.offset) / HOUR) * HOUR - seg.offset;
      if (b > seg.start) starts.push(seg.start);
      for (; b < seg.end; b += HOUR) starts.push(b);
    }
    return starts;
  }

  /**
   * The shift windows of day D, in time order, clipped to the day (metrics.md §10).
   * A shift that spans the day boundary yields two windows: the first belongs to
   * the occurrence that started the day before, and is planned by that day.
   */
  shiftWindows(day: Day): ShiftWindow[] {
    const start = this.dayStart(day);
    const end = this.dayStart(addDays(day, 1));
    if (this.shifts.length === 0) return [{ shift: 0, start, end, planned: this.isPlanned(day, 0) }];
    const midnight = dayToUtcMidnight(day);
    const startMinute = this.dayStartHour * 60;
    const order = this.shifts
      .map((s, i) => ({ i, offset: (s.startMinute - startMinute + 1440) % 1440 }))
      .sort((a, b) => a.offset - b.offset);
    // The shift running at the day's start is the last one to start at or before it.
    const first = order[0]!.offset === 0 ? order[0]! : order[order.length - 1]!;
    const windows: ShiftWindow[] = [];
    let current = { shift: first.i, start, planned: this.isPlanned(first.offset === 0 ? day : addDays(day, -1), first.i) };
    for (const s of order) {
      if (s.offset === 0) continue;
      const at = wallToInstant(this.zone, midnight + (startMinute + s.offset) * 60_000);
      if (at > current.start) windows.push({ ...current, end: at });
      current = { shift: s.i, start: Math.max(at, current.start), planned: this.isPlanned(day, s.i) };
    }
    windows.push({ ...current, end });
    return windows;
  }
}
