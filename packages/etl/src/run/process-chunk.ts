import { addDays } from '@spindle/core';
import type pg from 'pg';
import { addMotorEnergy } from '../compute/energy.js';
import type { MetricRows, OccurrenceRow } from '../compute/metric-rows.js';
import { offlineIntervals } from '../compute/offline-intervals.js';
import { categoryRank } from '@spindle/core';
import type { AlarmOccurrence, AlarmTracker } from '../compute/alarm-tracker.js';
import { causeOf, type CategoryRank } from '../compute/downtime-cause.js';
import { downtimeRows, energyRows, programRows, stateIntervals, utilizationRows, type RollupFrame } from '../compute/piece-rollups.js';
import { buildPieces, pieceBounds, type Piece } from '../compute/pieces.js';
import { StepFunction } from '../compute/step-function.js';
import { activityBlocks, firstActivityIn, type ActivityBlockRows } from '../source/activity-queries.js';
import type { HourFingerprint } from '../source/hour-fingerprints.js';
import { motorAreas } from '../source/motor-query.js';
import { sensorHourStats } from '../source/sensor-query.js';
import { floatRows, stringRows } from '../source/variable-queries.js';
import type { CarriedState, StoredPiece } from '../store/resume-state.js';
import type { Carry, MachineContext } from './machine-context.js';

type Change = { date: number; value: number | null };

/**
 * Reads the rows of the state variables (inOperation, program) in one pass; keeps
 * each one's valid values as changes and counts the rest as invalid.
 */
async function readStateChanges(
  source: pg.Client,
  variables: readonly { id: number; accept: (v: number) => number | null }[],
  from: number,
  to: number,
  carry: Carry,
): Promise<Map<number, Change[]>> {
  const changes = new Map(variables.map((v) => [v.id, [] as Change[]]));
  const accept = new Map(variables.map((v) => [v.id, v.accept]));
  if (variables.length === 0) return changes;
  for await (const row of floatRows(source, [...accept.keys()], from, to)) {
    const v = row.value !== null && Number.isFinite(row.value) ? accept.get(row.id)!(row.value) : null;
    if (v === null) carry.invalidRows++;
    else changes.get(row.id)!.push({ date: row.date, value: v });
  }
  return changes;
}

/** metrics.md §10: half away from zero, after the range check on the raw value. */
export const roundProgram = (raw: number) => Math.sign(raw) * Math.round(Math.abs(raw));

/** Cuts [from, to) into at most `n` consecutive ranges, at sorted candidate instants. */
export function splitRange(candidates: readonly number[], from: number, to: number, n: number): [number, number][] {
  const cuts = [from];
  for (let k = 1; k < n; k++) {
    const c = candidates[Math.round((k * (candidates.length - 1)) / n)];
    if (c !== undefined && c > cuts[cuts.length - 1]! && c < to) cuts.push(c);
  }
  cuts.push(to);
  return cuts.slice(1).map((end, i) => [cuts[i]!, end]);
}

/** Where a chunk starts when a run resumes inside its first day: the hour, and the stored pieces of that day before it. */
export interface ChunkResume {
  at: number;
  pieces: readonly StoredPiece[];
}

export interface ChunkResult {
  rows: MetricRows;
  /** The pieces computed (from the resume hour on), for the next run to resume with. */
  pieces: StoredPiece[];
  /** The state carried into `snapshotAt`, when the chunk computed through it. */
  snapshot: CarriedState | null;
  /** What the chunk read of the production DB, per whole UTC hour (and the partial hour of W). */
  hours: Map<number, HourFingerprint>;
}

/**
 * Computes every metric of the consecutive production days `days` of one machine,
 * carrying state in and out. Rows cover only these days (plus alarm occurrences
 * that were open at the window start and end inside them). With `resume`, the
 * source is read from its hour on; the day's earlier pieces are the stored ones,
 * and its sensor hours before it stay as written. `snapshotAt` (an hour start
 * inside the chunk) asks for the state carried into it.
 */
export async function processChunk(
  ctx: MachineContext,
  days: readonly string[],
  carry: Carry,
  resume?: ChunkResume,
  snapshotAt?: number,
): Promise<ChunkResult> {
  const { calendar: cal, vars, pool } = ctx;
  const lastOfChunk = days[days.length - 1]!;
  const start = cal.dayStart(days[0]!);
  const dayEnd = cal.dayStart(addDays(lastOfChunk, 1));
  const isLast = lastOfChunk === ctx.lastDay;
  // Nothing after W exists for this run (metrics.md §3).
  const end = isLast ? ctx.w : dayEnd;
  const rowsEnd = isLast ? ctx.w + 1 : dayEnd;
  const computeFrom = resume?.at ?? start;
  const from = Math.max(computeFrom, ctx.a0);
  // A production day may begin before historyStart: its earlier rows are invalid (metrics.md §14).
  const rowsFrom = Math.max(computeFrom, ctx.validFrom);
  const hourStarts = cal.hourStarts(start, dayEnd);
  const program = ctx.machine.variables.program;

  const stateVariables = [
    ...[vars.inOperation, vars.emergency, vars.standby].flatMap((id) => (id === null ? [] : [{ id, accept: (v: number) => v }])),
    ...(vars.program === null || !program
      ? []
      : [{ id: vars.program, accept: (v: number) => (v >= program.min && v <= program.max ? roundProgram(v) : null) }]),
  ];

  // Phase 1, side by side on the pool: everything that does not need the pieces.
  // Activity stays one query: split in time, PostgreSQL trades its sequential scan
  // for slower bitmap scans (measured: 0.9 s instead of 0.6 s on a month).
  // The activity pass starts at the UTC hour of rowsFrom, so the hours it records are whole.
  const hoursFrom = Math.max(ctx.validFrom, Math.floor(rowsFrom / HOUR_MS) * HOUR_MS);
  const [read, after, stateChanges, sensorStats, alarms] = await Promise.all([
    pool.run((c) => activityBlocks(c, vars.all, vars.motors, hoursFrom, rowsEnd, ctx.blockMs)),
    isLast ? null : pool.run((c) => firstActivityIn(c, vars.all, dayEnd, Math.min(dayEnd + ctx.gapMs + 1, ctx.w + 1))),
    pool.run((c) => readStateChanges(c, stateVariables, rowsFrom, rowsEnd, carry)),
    pool.run((c) => sensorHourStats(c, vars.sensors, rowsFrom, rowsEnd, hourStarts)),
    pool.run((c) => trackAlarms(ctx, c, carry, rowsFrom, rowsEnd, lastOfChunk === ctx.toDay, snapshotAt)),
  ]);

  read.sort((a, b) => a.first - b.first);
  const hours = hourFingerprintsOf(read);
  // rowsFrom is where the read starts (validFrom) or a local hour start, a multiple of
  // 15 minutes, so no block straddles it.
  const blocks = read.filter((b) => b.first >= rowsFrom);
  const snapshot =
    snapshotAt === undefined || snapshotAt < from ? null : carriedInto(snapshotAt, carry, blocks, stateChanges, vars, alarms.snapshot);
  const offline = offlineIntervals(blocks, carry.lastActivity, after, ctx.gapMs, from, end);
  for (const b of blocks) {
    carry.rowsRead += b.rows;
    carry.invalidRows += b.invalidMotorRows;
  }
  carry.lastActivity = blocks.length > 0 ? blocks[blocks.length - 1]!.last : carry.lastActivity;

  // Each state variable as a step function from the value carried in; its last change is carried out.
  const stepOf = (id: number | null, field: 'inOperation' | 'program' | 'emergency' | 'standby') => {
    const changes = id === null ? undefined : stateChanges.get(id);
    if (changes === undefined) return null;
    const f = new StepFunction(changes, carry[field]);
    if (changes.length > 0) carry[field] = changes[changes.length - 1]!.value;
    return f;
  };
  const inOperation = stepOf(vars.inOperation, 'inOperation');
  const programs = stepOf(vars.program, 'program');
  const emergency = stepOf(vars.emergency, 'emergency');
  const standby = stepOf(vars.standby, 'standby');

  const dayStarts = days.map((d) => cal.dayStart(d));
  const computed = buildPieces({
    from,
    to: end,
    hourStarts,
    dayStarts,
    shiftWindows: days.flatMap((d) => cal.shiftWindows(d)),
    offline,
    inOperation,
    program: programs,
    emergency,
    standby,
    cause: alarms.causes,
  });

  // Phase 2: the motors, split in time so that every connection has work.
  if (computed.length > 0) {
    const bounds = pieceBounds(computed);
    const ranges = splitRange(bounds, from, end, pool.size);
    const nominalKw = new Map(vars.motors.map((m) => [m.id, m.nominalKw]));
    const results = await Promise.all(ranges.map(([a, b]) => pool.run((c) => motorAreas(c, vars.motors, ctx.validFrom, a, b, bounds))));
    for (const areas of results) addMotorEnergy(computed, areas, nominalKw);
  }
  const pieces = resume ? [...placed(resume.pieces, hourStarts, dayStarts), ...computed] : computed;

  const hourDays: number[] = [];
  for (let h = 0, d = 0; h < hourStarts.length; h++) {
    while (d + 1 < dayStarts.length && dayStarts[d + 1]! <= hourStarts[h]!) d++;
    hourDays.push(d);
  }
  const hourEnd = (h: number) => hourStarts[h + 1] ?? dayEnd;
  let firstHour = 0;
  while (firstHour < hourStarts.length && hourEnd(firstHour) <= ctx.a0) firstHour++;
  let lastHour = hourStarts.length - 1;
  while (lastHour >= 0 && hourStarts[lastHour]! >= ctx.w) lastHour--;

  const frame: RollupFrame = {
    days,
    covered: days.map((_, i) => ({ start: Math.max(dayStarts[i]!, ctx.a0), end: Math.min(dayStarts[i + 1] ?? dayEnd, ctx.w) })),
    hourStarts,
    hourDays,
    firstHour,
    lastHour,
    shiftCount: Math.max(1, ctx.machine.shifts.length),
    hasPrograms: programs !== null,
  };

  const sensors: MetricRows['sensors'] = [];
  const sensorNames = new Map(vars.sensors.map((s) => [s.id, s.name]));
  for (const s of sensorStats) {
    carry.invalidRows += s.invalid;
    if (s.count === 0) continue;
    const h = s.bucket - 1;
    if (hourStarts[h]! < computeFrom) continue;
    sensors.push({
      sensor: sensorNames.get(s.sensor)!,
      day: days[hourDays[h]!]!,
      start: hourStarts[h]!,
      count: s.count,
      min: s.min!,
      max: s.max!,
      avg: s.avg!,
      stddev: s.stddev,
      sum: s.sum!,
      sumsq: s.sumsq!,
    });
  }

  return {
    rows: {
      utilization: utilizationRows(pieces, frame),
      states: stateIntervals(pieces, frame),
      sensors,
      energy: energyRows(pieces, frame),
      programs: programRows(pieces, frame),
      downtime: downtimeRows(pieces, frame),
      occurrences: alarms.occurrences,
      alarmDays: alarms.alarmDays,
    },
    pieces: computed.map(({ hour: _hour, day, ...p }) => ({ ...p, day: days[day]! })),
    snapshot,
    hours,
  };
}

const HOUR_MS = 3_600_000;

/** Blocks summed per UTC hour: what the audit compares the production DB with later. */
function hourFingerprintsOf(blocks: readonly ActivityBlockRows[]): Map<number, HourFingerprint> {
  const sums = new Map<number, { rows: number; offsets: number; ids: number }>();
  for (const b of blocks) {
    const hour = Math.floor(b.first / HOUR_MS);
    const s = sums.get(hour) ?? { rows: 0, offsets: 0, ids: 0 };
    s.rows += b.rows;
    s.offsets += b.dateOffsets;
    s.ids += b.idSum;
    sums.set(hour, s);
  }
  const hours = new Map<number, HourFingerprint>();
  for (const [hour, s] of sums) hours.set(hour, { rows: s.rows, dateSum: String(s.offsets), idSum: s.ids });
  return hours;
}

/** Stored pieces placed in this chunk's hours and days. */
function placed(stored: readonly StoredPiece[], hourStarts: readonly number[], dayStarts: readonly number[]): Piece[] {
  const last = (starts: readonly number[], t: number) => {
    let i = 0;
    while (i + 1 < starts.length && starts[i + 1]! <= t) i++;
    return i;
  };
  return stored.map((p) => ({ ...p, hour: last(hourStarts, p.start), day: last(dayStarts, p.start) }));
}

/** metrics.md §9: the state carried into `at`: the last activity and values before it, from what the chunk read. */
function carriedInto(
  at: number,
  carriedIn: Carry,
  blocks: readonly { first: number; last: number }[],
  changes: ReadonlyMap<number, Change[]>,
  vars: MachineContext['vars'],
  alarms: AlarmOccurrence[] | null,
): CarriedState {
  // Blocks divide 15 minutes, so none straddles an hour start.
  let lastActivity = carriedIn.lastActivity;
  for (const b of blocks) if (b.first < at) lastActivity = b.last;
  const before = (id: number | null, field: 'inOperation' | 'program' | 'emergency' | 'standby') => {
    let value = carriedIn[field];
    for (const c of (id === null ? undefined : changes.get(id)) ?? []) {
      if (c.date >= at) break;
      value = c.value;
    }
    return value;
  };
  return {
    lastActivity,
    inOperation: before(vars.inOperation, 'inOperation'),
    program: before(vars.program, 'program'),
    emergency: before(vars.emergency, 'emergency'),
    standby: before(vars.standby, 'standby'),
    alarms,
  };
}

/**
 * Follows the alarm rows of [from, to): the occurrences they raise and clear, the
 * daily counts, and the downtime cause (metrics.md §12) from the chunk's start on.
 */
async function trackAlarms(
  ctx: MachineContext,
  source: pg.Client,
  carry: Carry,
  from: number,
  to: number,
  isFinal: boolean,
  snapshotAt: number | undefined,
) {
  const occurrences: OccurrenceRow[] = [];
  const counts = new Map<string, { day: string; category: string; count: number }>();
  const tracker = carry.alarms;
  if (tracker === null || ctx.vars.alarms === null) return { occurrences, alarmDays: [], causes: null, snapshot: null };
  let snapshot: AlarmOccurrence[] | null = null;
  const takeSnapshot = (t: AlarmTracker) => [...t.active.values()].map((o) => ({ ...o }));
  const keep = (o: { raisedAt: number }) => o.raisedAt < ctx.raiseUntil;
  const rank: CategoryRank = categoryRank(ctx.machine.alarmCategories);
  const initialCause = causeOf(tracker.active.values(), rank);
  const causeChanges: { date: number; value: AlarmOccurrence | null }[] = [];
  let cause = initialCause;
  for await (const row of stringRows(source, ctx.vars.alarms, from, to)) {
    if (snapshot === null && snapshotAt !== undefined && row.date >= snapshotAt) snapshot = takeSnapshot(tracker);
    const { cleared, raised } = tracker.feed(row.date, row.value);
    if (cleared.length > 0 || raised.length > 0) {
      const next = causeOf(tracker.active.values(), rank);
      if (next !== cause) causeChanges.push({ date: row.date, value: next });
      cause = next;
    }
    for (const o of cleared) if (keep(o)) occurrences.push({ ...o, day: ctx.calendar.dayOf(o.raisedAt) });
    for (const o of raised) {
      if (!keep(o)) continue;
      const day = ctx.calendar.dayOf(o.raisedAt);
      const k = `${day}:${o.category}`;
      const c = counts.get(k) ?? { day, category: o.category, count: 0 };
      c.count++;
      counts.set(k, c);
    }
  }
  // Still active at the window's end: written open (a backfill's end may clear them later).
  if (isFinal) {
    for (const o of tracker.active.values()) if (keep(o)) occurrences.push({ ...o, day: ctx.calendar.dayOf(o.raisedAt) });
  }
  if (snapshot === null && snapshotAt !== undefined) snapshot = takeSnapshot(tracker);
  return { occurrences, alarmDays: [...counts.values()], causes: new StepFunction(causeChanges, initialCause), snapshot };
}
