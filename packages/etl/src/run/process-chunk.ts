import { addMotorEnergy } from '../compute/energy.js';
import type { MetricRows, OccurrenceRow } from '../compute/metric-rows.js';
import { offlineIntervals } from '../compute/offline-intervals.js';
import { energyRows, programRows, stateIntervals, utilizationRows, type RollupFrame } from '../compute/piece-rollups.js';
import { buildPieces, pieceBounds } from '../compute/pieces.js';
import { StepFunction } from '../compute/step-function.js';
import { activity, firstActivityIn } from '../source/activity-queries.js';
import { motorAreas } from '../source/motor-query.js';
import { sensorHourStats } from '../source/sensor-query.js';
import { floatRows, stringRows } from '../source/variable-queries.js';
import { addDays } from '../time/calendar.js';
import type { Carry, MachineContext } from './machine-context.js';

type Change = { date: number; value: number | null };

/** Reads a state variable's rows, keeps the valid ones as changes, counts the rest. */
async function readChanges(
  ctx: MachineContext,
  id: number,
  from: number,
  to: number,
  carry: Carry,
  accept: (v: number) => number | null,
): Promise<Change[]> {
  const changes: Change[] = [];
  for await (const row of floatRows(ctx.source, id, from, to)) {
    const v = row.value !== null && Number.isFinite(row.value) ? accept(row.value) : null;
    if (v === null) carry.invalidRows++;
    else changes.push({ date: row.date, value: v });
  }
  return changes;
}

/** metrics.md §10: half away from zero, after the range check on the raw value. */
export const roundProgram = (raw: number) => Math.sign(raw) * Math.round(Math.abs(raw));

/**
 * Computes every metric of the consecutive production days `days` of one machine,
 * carrying state in and out. Rows cover only these days (plus alarm occurrences
 * that were open at the window start and end inside them).
 */
export async function processChunk(ctx: MachineContext, days: readonly string[], carry: Carry): Promise<MetricRows> {
  const { calendar: cal, vars, source } = ctx;
  const lastOfChunk = days[days.length - 1]!;
  const start = cal.dayStart(days[0]!);
  const dayEnd = cal.dayStart(addDays(lastOfChunk, 1));
  const isLast = lastOfChunk === ctx.lastDay;
  // Nothing after W exists for this run (metrics.md §3).
  const end = isLast ? ctx.w : dayEnd;
  const rowsEnd = isLast ? ctx.w + 1 : dayEnd;
  const from = Math.max(start, ctx.a0);

  const { blocks, rowsByVariable } = await activity(source, vars.all, start, rowsEnd, ctx.blockMs);
  const after = isLast ? null : await firstActivityIn(source, vars.all, dayEnd, Math.min(dayEnd + ctx.gapMs + 1, ctx.w + 1));
  const offline = offlineIntervals(blocks, carry.lastActivity, after, ctx.gapMs, from, end);
  for (const n of rowsByVariable.values()) carry.rowsRead += n;
  carry.lastActivity = blocks.length > 0 ? blocks[blocks.length - 1]!.last : carry.lastActivity;

  let inOperation: StepFunction<number | null> | null = null;
  if (vars.inOperation !== null) {
    const changes = await readChanges(ctx, vars.inOperation, start, rowsEnd, carry, (v) => v);
    inOperation = new StepFunction(changes, carry.inOperation);
    carry.inOperation = changes.length > 0 ? changes[changes.length - 1]!.value : carry.inOperation;
  }
  let program: StepFunction<number | null> | null = null;
  const programConfig = ctx.machine.variables.program;
  if (vars.program !== null && programConfig) {
    const changes = await readChanges(ctx, vars.program, start, rowsEnd, carry, (v) =>
      v >= programConfig.min && v <= programConfig.max ? roundProgram(v) : null,
    );
    program = new StepFunction(changes, carry.program);
    carry.program = changes.length > 0 ? changes[changes.length - 1]!.value : carry.program;
  }

  const hourStarts = cal.hourStarts(start, dayEnd);
  const dayStarts = days.map((d) => cal.dayStart(d));
  const pieces = buildPieces({
    from,
    to: end,
    hourStarts,
    dayStarts,
    shiftWindows: days.flatMap((d) => cal.shiftWindows(d)),
    offline,
    inOperation,
    program,
  });

  if (pieces.length > 0) {
    const bounds = pieceBounds(pieces);
    for (const motor of vars.motors) {
      const areas = await motorAreas(source, motor.id, from, end, rowsEnd, bounds);
      addMotorEnergy(pieces, areas, motor.nominalKw);
      carry.invalidRows += (rowsByVariable.get(motor.id) ?? 0) - areas.validRows;
    }
  }

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
    covered: days.map((d, i) => ({ start: Math.max(dayStarts[i]!, ctx.a0), end: Math.min(dayStarts[i + 1] ?? dayEnd, ctx.w) })),
    hourStarts,
    hourDays,
    firstHour,
    lastHour,
    shiftCount: Math.max(1, ctx.machine.shifts.length),
    hasPrograms: program !== null,
  };

  const sensors: MetricRows['sensors'] = [];
  for (const sensor of vars.sensors) {
    for (const s of await sensorHourStats(source, sensor, start, rowsEnd, hourStarts)) {
      carry.invalidRows += s.invalid;
      if (s.count === 0) continue;
      const h = s.bucket - 1;
      sensors.push({
        sensor: sensor.name,
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
  }

  const { occurrences, alarmDays } = await trackAlarms(ctx, carry, start, rowsEnd, lastOfChunk === ctx.toDay);
  return {
    utilization: utilizationRows(pieces, frame),
    states: stateIntervals(pieces, frame),
    sensors,
    energy: energyRows(pieces, frame),
    programs: programRows(pieces, frame),
    occurrences,
    alarmDays,
  };
}

async function trackAlarms(ctx: MachineContext, carry: Carry, from: number, to: number, isFinal: boolean) {
  const occurrences: OccurrenceRow[] = [];
  const counts = new Map<string, { day: string; category: string; count: number }>();
  const tracker = carry.alarms;
  if (tracker === null || ctx.vars.alarms === null) return { occurrences, alarmDays: [] };
  const keep = (o: { raisedAt: number }) => o.raisedAt < ctx.raiseUntil;
  for await (const row of stringRows(ctx.source, ctx.vars.alarms, from, to)) {
    const { cleared, raised } = tracker.feed(row.date, row.value);
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
  return { occurrences, alarmDays: [...counts.values()] };
}
