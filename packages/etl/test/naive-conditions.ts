// A second, deliberately naive reading of metrics.md §3, §4 and §8–§13, written
// only for the tests: no step functions, no pieces, no calendar module. Local
// time comes from Intl one minute at a time, every instant is evaluated by
// scanning all rows before it, and the alarm snapshots are replayed from the
// first row for every instant. Slow, and hard to get wrong in the same way as
// the ETL.
import type { MachineConfig } from '@spindle/core';

export type FloatRow = [name: string, at: number, value: number | null];
export type StringRow = [name: string, at: number, value: string | null];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEKDAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const formats = new Map<string, Intl.DateTimeFormat>();

/** Local wall-clock time of instant t in `zone`, as ms of a UTC calendar. */
function local(zone: string, t: number): number {
  const format =
    formats.get(zone) ??
    new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  formats.set(zone, format);
  const parts = format.formatToParts(t);
  const p = Object.fromEntries(parts.map((x) => [x.type, Number(x.value)]));
  return Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) + (((t % 1000) + 1000) % 1000);
}

/** The first instant whose local time is at or after `wall` (metrics.md §10): minute by minute. */
function firstInstantAt(zone: string, wall: number, cache: Map<number, number>): number {
  const hit = cache.get(wall);
  if (hit !== undefined) return hit;
  for (let t = wall - 15 * HOUR; t <= wall + 15 * HOUR; t += 60_000) {
    if (local(zone, t) >= wall) {
      cache.set(wall, t);
      return t;
    }
  }
  throw new Error('no instant found');
}

const dayName = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));

/** Unicode code point order, written out. */
function codePointLess(a: string, b: string): boolean {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]!;
  return x.length < y.length;
}

interface Occurrence {
  identity: string;
  code: string;
  description: string;
  category: string;
  raisedAt: number;
}

export interface NaiveUtilization {
  day: string;
  shift: string | null;
  running: number;
  idle: number;
  standby: number;
  emergency: number;
  offline: number;
  covered: number;
  planned: number;
  plannedRunning: number;
  unplannedRunning: number;
}

export interface NaiveDowntime {
  day: string;
  state: string;
  category: string | null;
  identity: string | null;
  code: string | null;
  description: string | null;
  raisedAt: number | null;
  ms: number;
}

/** The utilization rows per day and per (day, shift), and the downtime rows, the definitions give; durations in ms. */
export function naiveConditions(
  machine: MachineConfig,
  floats: readonly FloatRow[],
  strings: readonly StringRow[],
): { days: NaiveUtilization[]; shifts: NaiveUtilization[]; downtime: NaiveDowntime[] } {
  const zone = machine.timezone;
  const dayStartMinutes = minutes(machine.dayStart);
  const cache = new Map<number, number>();
  const dayStart = (day: string) => firstInstantAt(zone, Date.parse(`${day}T00:00:00Z`) + dayStartMinutes * 60_000, cache);
  const addDay = (day: string, n: number) => dayName(Date.parse(`${day}T00:00:00Z`) + n * DAY);
  const dayOf = (t: number) => {
    let d = dayName(local(zone, t) - dayStartMinutes * 60_000);
    while (dayStart(d) > t) d = addDay(d, -1);
    while (dayStart(addDay(d, 1)) <= t) d = addDay(d, 1);
    return d;
  };

  const activity = [...new Set([...floats.map((r) => r[1]), ...strings.map((r) => r[1])])].sort((a, b) => a - b);
  const a0 = activity[0]!;
  const w = activity.at(-1)!;
  const gap = machine.offlineGapSeconds * 1000;
  const firstDay = dayOf(a0);
  const lastDay = dayOf(w);
  const days: string[] = [];
  for (let d = firstDay; d <= lastDay; d = addDay(d, 1)) days.push(d);

  // Shift occurrences: each shift starts once in each production day, at its local time within that day.
  const shifts = machine.shifts.length > 0 ? machine.shifts : [{ name: null, start: machine.dayStart, days: WEEKDAY }];
  const occurrences = [addDay(firstDay, -1), ...days].flatMap((day) =>
    shifts.map((s, index) => {
      const offset = (minutes(s.start) - dayStartMinutes + 1440) % 1440;
      const start = firstInstantAt(zone, Date.parse(`${day}T00:00:00Z`) + (dayStartMinutes + offset) * 60_000, cache);
      const weekday = WEEKDAY[new Date(`${day}T00:00:00Z`).getUTCDay()]!;
      return { index, start, planned: (s.days as readonly string[]).includes(weekday) && !machine.holidays.includes(day) };
    }),
  );

  const lastValid = (name: string | null, t: number): number | null => {
    if (name === null) return null;
    let value: number | null = null;
    let at = -Infinity;
    for (const [n, date, v] of floats) {
      if (n === name && date <= t && date >= at && v !== null && Number.isFinite(v)) {
        value = v;
        at = date;
      }
    }
    return value;
  };
  const positive = (v: number | null) => v !== null && v > 0;

  const rules = machine.alarmCategories;
  const order = [...new Set([...rules.map((r) => r.category)])];
  if (!order.includes('other')) order.push('other');
  const categorize = (description: string) =>
    rules.find((r) => r.keywords.some((k) => description.toLowerCase().includes(k.toLowerCase())))?.category ?? 'other';
  const text = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v)).trim();
  const alarmRows = strings.filter((r) => r[0] === machine.variables.alarms).sort((a, b) => a[1] - b[1]);
  const openAt = (t: number): Occurrence[] => {
    let open = new Map<string, Occurrence>();
    for (const [, date, value] of alarmRows) {
      if (date > t) break;
      let parsed: unknown;
      try {
        parsed = value === null || value.trim() === '' ? null : JSON.parse(value);
      } catch {
        parsed = null;
      }
      if (!Array.isArray(parsed)) continue;
      const next = new Map<string, Occurrence>();
      for (const element of parsed) {
        if (!Array.isArray(element)) continue;
        const code = text(element[0]);
        const description = text(element[1]);
        const identity = code !== '' ? code : description;
        if (identity === '' || next.has(identity)) continue;
        next.set(identity, open.get(identity) ?? { identity, code, description, category: categorize(description), raisedAt: date });
      }
      open = next;
    }
    return [...open.values()];
  };
  const causeAt = (t: number): Occurrence | null => {
    let best: Occurrence | null = null;
    for (const o of openAt(t)) {
      if (best === null) best = o;
      else {
        const r = order.indexOf(o.category);
        const rb = order.indexOf(best.category);
        if (
          r < rb ||
          (r === rb && (o.raisedAt < best.raisedAt || (o.raisedAt === best.raisedAt && codePointLess(o.identity, best.identity))))
        )
          best = o;
      }
    }
    return best;
  };

  const blank = (day: string, shift: string | null): NaiveUtilization => ({
    day,
    shift,
    running: 0,
    idle: 0,
    standby: 0,
    emergency: 0,
    offline: 0,
    covered: 0,
    planned: 0,
    plannedRunning: 0,
    unplannedRunning: 0,
  });
  const byDay = new Map(days.map((d) => [d, blank(d, null)]));
  const byShift = new Map(days.flatMap((d) => machine.shifts.map((s) => [`${d}|${s.name}`, blank(d, s.name)] as const)));
  if (machine.shifts.length === 0) for (const d of days) byShift.set(`${d}|`, blank(d, null));
  const downtime = new Map<string, NaiveDowntime>();

  const cuts = [...activity, ...days.map(dayStart), ...occurrences.map((o) => o.start)].filter((t) => t >= a0 && t <= w);
  const bounds = [...new Set(cuts)].sort((a, b) => a - b);
  for (let k = 0; k + 1 < bounds.length; k++) {
    const t = bounds[k]!;
    const ms = bounds[k + 1]! - t;
    const i = activity.findLastIndex((a) => a <= t);
    const offline = activity[i + 1]! - activity[i]! > gap;
    let state = 'OFFLINE';
    if (!offline) {
      const v = machine.variables;
      const running = v.inOperation === null || positive(lastValid(v.inOperation, t));
      state = positive(lastValid(v.emergency, t))
        ? 'EMERGENCY'
        : running
          ? 'RUNNING'
          : positive(lastValid(v.standby, t))
            ? 'STANDBY'
            : 'IDLE';
    }
    const occurrence = occurrences
      .filter((o) => o.start <= t)
      .reduce((a, b) => (b.start > a.start || (b.start === a.start && b.index > a.index) ? b : a));
    const day = dayOf(t);
    const shiftName = machine.shifts[occurrence.index]?.name ?? '';
    for (const row of [byDay.get(day)!, byShift.get(`${day}|${shiftName}`)!]) {
      row.covered += ms;
      row[state.toLowerCase() as 'running'] += ms;
      if (occurrence.planned) row.planned += ms;
      if (state === 'RUNNING') row[occurrence.planned ? 'plannedRunning' : 'unplannedRunning'] += ms;
    }
    if (state === 'IDLE' || state === 'STANDBY' || state === 'EMERGENCY') {
      const c = causeAt(t);
      const key = `${day}|${state}|${c?.category}|${c?.identity}`;
      const row = downtime.get(key) ?? {
        day,
        state,
        category: c?.category ?? null,
        identity: c?.identity ?? null,
        code: c?.code ?? null,
        description: c?.description ?? null,
        raisedAt: c?.raisedAt ?? null,
        ms: 0,
      };
      if (c && c.raisedAt > row.raisedAt!) Object.assign(row, { code: c.code, description: c.description, raisedAt: c.raisedAt });
      row.ms += ms;
      downtime.set(key, row);
    }
  }
  return { days: [...byDay.values()], shifts: [...byShift.values()], downtime: [...downtime.values()] };
}
