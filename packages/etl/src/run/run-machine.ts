import { MachineCalendar, addDays, type MachineConfig } from '@spindle/core';
import { LOCK_CLASS } from '@spindle/core/store';
import { hostname } from 'node:os';
import type pg from 'pg';
import { AlarmTracker, openOccurrencesAt } from '../compute/alarm-tracker.js';
import { EtlError, MachineLockedError, describeError } from '../errors.js';
import { firstActivity, lastActivityBefore, watermark } from '../source/activity-queries.js';
import { countImplausible, plausibleDates } from '../source/plausible-dates.js';
import { timeoutReason } from '../postgres/connection-watchdog.js';
import { clientDatabase, closeClient, connect, isBroken, readBigintAsNumber } from '../postgres/connect.js';
import { SourcePool } from '../source/source-pool.js';
import { FINITE, lastFloatBefore, stringRows, stringRowsBackwards } from '../source/variable-queries.js';
import { resolveVariables } from '../source/variables.js';
import { deleteFromHour, deleteWindow, writeRows } from '../store/write-rows.js';
import { readPieces, type CarriedState, type ResumePoint, type StoredPiece } from '../store/resume-state.js';
import { writeRunState } from '../store/run-state.js';
import type { AlarmDayRow } from '../compute/metric-rows.js';
import { readSourceHours, writeSourceTail, type SourceHours } from '../store/source-hours.js';
import { readTail, type TailReading } from '../source/source-tail.js';
import { firstChangedHour, hourFingerprints, type HourFingerprint } from '../source/hour-fingerprints.js';
import type { Queryable } from '../postgres/queryable.js';
import { configHash, upsertMachineRecord } from '../store/machine-record.js';
import { readMachineState } from '../store/machine-state.js';
import { finishRunRecord, startRunRecord, type UnitAttempt } from '../store/run-record.js';
import { activityBlockMs, type Carry, type MachineContext } from './machine-context.js';
import { planWindow, type RunMode } from './plan-window.js';
import { processChunk, roundProgram, type ChunkResume } from './process-chunk.js';

export type { RunMode } from './plan-window.js';

export interface MachineProgress {
  machineId: string;
  day: string;
  daysDone: number;
  daysTotal: number;
}

export interface RunMachineOptions {
  /** Aggregation DB connection; the whole run is one transaction on it (give it a time limit: see connect's timeoutMs). */
  target: pg.Client;
  /** Production DB connection; when absent, `sourceConnections` are opened (with `openSource`, or from `machine.source`, read-only). */
  source?: pg.Client;
  /**
   * Production DB connections you own and keep between runs (see
   * openSourceConnections), asked for once the run is recorded, so a failure to
   * open them is recorded as the run's; the run does not close them. Asked
   * first for `wanted` = 1 and again for `sourceConnections` when the window is
   * long enough to use them side by side; returning them all at once is fine.
   */
  sources?: (wanted: number) => Promise<readonly pg.Client[]>;
  /**
   * Opens one connection to the machine's production DB, instead of one from
   * `machine.source`: your own driver settings, TLS or secrets. The run closes what it opens.
   */
  openSource?: (machine: MachineConfig) => Promise<pg.Client>;
  /** Connections opened to the production DB to run independent queries at once (default 2). */
  sourceConnections?: number;
  mode: RunMode;
  /** Production days computed per step; bounds memory whatever the history length. */
  chunkDays?: number;
  onProgress?: (p: MachineProgress) => void;
  /** Recorded with the run when it is a queued work unit. */
  unit?: UnitAttempt;
  /**
   * Time limit of every production DB answer, in seconds (default 300): past it
   * the machine fails naming the database, and its lock is released.
   */
  sourceTimeoutSeconds?: number;
  /**
   * The run's clock, ms since the epoch (default: now). Rows dated later than it
   * plus the machine's clockSkewSeconds are invalid (metrics.md §14).
   */
  clock?: number;
}

export interface MachineRunResult {
  machineId: string;
  kind: 'run' | 'backfill';
  fromDay: string | null;
  toDay: string | null;
  /** W of this run, ISO, or null when the production DB holds no rows. */
  watermark: string | null;
  /** A `run` that computed from the first day of activity: a new or changed configuration, or a lookback reaching back that far. */
  fullHistory: boolean;
  days: number;
  rowsRead: number;
  invalidRows: number;
  /** Of invalidRows, the rows dated outside [historyStart, clock + clockSkewSeconds] in the whole log: a lying clock (§14). */
  implausibleDateRows: number;
  malformedAlarmRows: number;
  durationMs: number;
}

// Read-only, and no JIT: its compile time costs more than it saves on these scans.
const SOURCE_SESSION = '-c default_transaction_read_only=on -c jit=off';

/** Default time limit of every production DB answer: long enough for a month's scan of a busy machine. */
export const DEFAULT_SOURCE_TIMEOUT_SECONDS = 300;

/**
 * Runs one machine (metrics.md §9): recomputes every bucket of the chosen days
 * with state carried from before them, in one transaction, under the machine's
 * advisory lock. The run is recorded as running before its transaction starts,
 * so status shows it; the transaction commits the rows with the run's success.
 * Throws MachineLockedError when another run holds the lock; any other failure
 * is recorded as a failed run and rethrown as EtlError.
 */
export async function runMachine(machine: MachineConfig, options: RunMachineOptions): Promise<MachineRunResult> {
  const { target } = options;
  const startedAt = Date.now();
  const kind = options.mode.kind;
  // Session-level: held from before the run is recorded until after it is finished.
  const { rows } = await target.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, hashtext($2)) AS ok', [LOCK_CLASS, machine.id]);
  if (!rows[0]?.ok) throw new MachineLockedError(machine.id);
  const opened: pg.Client[] = [];
  let provided: readonly pg.Client[] = [];
  let counters = { rowsRead: 0, invalidRows: 0, implausibleDateRows: 0, malformedAlarmRows: 0 };
  let span: { fromDay: string | null; toDay: string | null; watermark: number | null } = { fromDay: null, toDay: null, watermark: null };
  let runId: string | undefined;
  try {
    runId = await startRunRecord(target, {
      machineId: machine.id,
      kind,
      startedAt,
      worker: `${hostname()}:${process.pid}`,
      unit: options.unit,
    });
    await target.query('BEGIN');
    let pool: SourcePool;
    const max = Math.max(1, options.sourceConnections ?? 2);
    if (options.sources) {
      const ask = options.sources;
      provided = await ask(1);
      const more = async () => {
        const all = await ask(max);
        const added = all.filter((c) => !provided.includes(c));
        provided = all;
        return added.map(readBigintAsNumber);
      };
      pool = new SourcePool(provided.map(readBigintAsNumber), { open: more, max });
    } else if (options.source) pool = new SourcePool([readBigintAsNumber(options.source)]);
    else {
      opened.push(...(await openSourceConnections(machine, { ...options, sourceConnections: 1 })));
      const open = async () => {
        const more = await openSourceConnections(machine, { ...options, sourceConnections: max - 1 });
        opened.push(...more);
        return more;
      };
      pool = new SourcePool([...opened], { open, max });
    }
    const result = await computeAndWrite(machine, options, pool);
    counters = {
      rowsRead: result.rowsRead,
      invalidRows: result.invalidRows,
      implausibleDateRows: result.implausibleDateRows,
      malformedAlarmRows: result.malformedAlarmRows,
    };
    span = { fromDay: result.fromDay, toDay: result.toDay, watermark: result.watermark };
    await finishRunRecord(target, machine.id, runId, { finishedAt: Date.now(), status: 'succeeded', ...span, ...counters, error: null });
    await target.query('COMMIT');
    return {
      machineId: machine.id,
      kind,
      fromDay: span.fromDay,
      toDay: span.toDay,
      watermark: span.watermark === null ? null : new Date(span.watermark).toISOString(),
      fullHistory: result.fullHistory,
      days: result.days,
      ...counters,
      durationMs: Date.now() - startedAt,
    };
  } catch (err) {
    await target.query('ROLLBACK').catch(() => {});
    // The watchdog's reason beats the bare "Connection terminated" it causes; a
    // connection that broke is named, so no failure leaves the database unsaid.
    const sources = [...provided, ...(options.source ? [options.source] : []), ...opened];
    const message = [target, ...sources].map(timeoutReason).find(Boolean) ?? withDatabase(err, machine.id, target, sources);
    // Best effort: a failed run is worth its record, but the database may be what failed.
    if (runId !== undefined) {
      await finishRunRecord(target, machine.id, runId, {
        finishedAt: Date.now(),
        status: 'failed',
        ...span,
        ...counters,
        error: message,
      }).catch(() => {});
    }
    throw err instanceof EtlError && message === err.message ? err : new EtlError(message, { cause: err });
  } finally {
    await target.query('SELECT pg_advisory_unlock($1, hashtext($2))', [LOCK_CLASS, machine.id]).catch(() => {});
    await Promise.all(opened.map(closeClient));
  }
}

/**
 * Opens `sourceConnections` (default 2) connections to the machine's production
 * DB, side by side, read-only and watched by the source time limit; with
 * `openSource`, through it. All or none: when one fails, those that opened are
 * closed and the failure names the database.
 */
export async function openSourceConnections(
  machine: MachineConfig,
  options: Pick<RunMachineOptions, 'openSource' | 'sourceConnections' | 'sourceTimeoutSeconds'>,
): Promise<pg.Client[]> {
  const n = Math.max(1, options.sourceConnections ?? 2);
  const timeoutMs = (options.sourceTimeoutSeconds ?? DEFAULT_SOURCE_TIMEOUT_SECONDS) * 1000;
  const what = `the production DB of machine ${machine.id}`;
  const tries = await Promise.allSettled(
    Array.from({ length: n }, () =>
      options.openSource
        ? options.openSource(machine).then(readBigintAsNumber)
        : connect(machine.source, 'spindle-etl', { options: SOURCE_SESSION, timeoutMs, what }),
    ),
  );
  const opened = tries.flatMap((t) => (t.status === 'fulfilled' ? [t.value] : []));
  const failed = tries.find((t) => t.status === 'rejected');
  if (failed) {
    await Promise.all(opened.map(closeClient));
    throw failed.reason;
  }
  return opened;
}

async function computeAndWrite(machine: MachineConfig, options: RunMachineOptions, pool: SourcePool) {
  const { target, mode } = options;
  const source = pool.primary;
  const vars = await resolveVariables(source, machine);
  const dates = plausibleDates(machine, options.clock ?? Date.now());
  // First (the stored tail), so that a row landing while the run reads is one the next run sees arrive.
  const state = await readMachineState(target, machine.id);
  const storedTail = mode.kind === 'run' ? state.tail : null;
  const tail = await readTail(source, storedTail, vars.all, dates);
  const [w, a0, implausibleDateRows] = await Promise.all([
    pool.run((c) => watermark(c, vars.all, dates)),
    pool.run((c) => firstActivity(c, vars.all, dates)),
    pool.run((c) => countImplausible(c, vars.all, dates)),
  ]);
  const calendar = MachineCalendar.of(machine);
  const previous = state.record;
  const hash = configHash(machine);
  const empty = {
    fromDay: null,
    toDay: null,
    watermark: null,
    rowsRead: 0,
    invalidRows: implausibleDateRows,
    implausibleDateRows,
    malformedAlarmRows: 0,
    days: 0,
    fullHistory: false,
  };
  if (w === null || a0 === null) {
    await upsertMachineRecord(target, machine, hash, null);
    return empty;
  }
  const plan = planWindow({
    mode,
    dayOf: (t) => calendar.dayOf(t),
    firstActivity: a0,
    watermark: w,
    previous: previous && { configHash: previous.configHash, watermark: previous.watermark },
    configHash: hash,
  });
  if (!plan.compute) {
    await upsertMachineRecord(target, machine, plan.recordHash, null);
    return { ...empty, watermark: w };
  }
  const { firstDay, lastDay, toDay } = plan;
  let { fromDay } = plan;

  // A run whose last reading of the production DB is on record recomputes only
  // from the first hour that changed since (late rows, rows removed) or from the
  // tail; with no change at all it writes nothing (docs/metrics-decisions.md).
  // Without a record covering this window, the plain lookback window, as planned.
  const lastW = mode.kind === 'run' && previous?.configHash === hash ? previous.watermark : null;
  let read: SourceHours | undefined;
  // Where the run resumes inside fromDay: the hour of its first change (docs/metrics-decisions.md).
  let resumeAt: number | null = null;
  // What the last run stored may stand in for the source only before a change found by comparison with it.
  let compared = false;
  const stored = state.resume;
  if (lastW !== null) {
    const windowStart = calendar.dayStart(fromDay);
    const change = await changeSinceLastRun(target, pool.clients, machine.id, state.sourceHoursFrom, vars.all, windowStart, lastW, w, tail);
    if (change) {
      compared = true;
      read = { from: windowStart, hours: change.hours };
      if (change.since === null && w === lastW) {
        await upsertMachineRecord(target, machine, hash, null, { onlyIfRenamed: true });
        if (tail.tail !== null && JSON.stringify(tail.tail) !== JSON.stringify(storedTail))
          await writeSourceTail(target, machine.id, tail.tail);
        return { ...empty, watermark: w };
      }
      let first = change.since === null ? Math.min(lastW, w) : Math.min(change.since, lastW, w);
      // A row landing in (or leaving) a gap no longer than the offline threshold after the
      // activity before it changes whether that stretch was offline, from that activity on.
      if (change.since !== null) {
        const before = await lastActivityBefore(source, vars.all, dates.from, first);
        if (before !== null && first - before <= machine.offlineGapSeconds * 1000) first = before;
      }
      first = Math.max(windowStart, first);
      fromDay = calendar.dayOf(first);
      const hour = hourStartOf(calendar, first);
      if (stored.piecesFromDay !== null && stored.piecesFromDay <= fromDay && hour > calendar.dayStart(fromDay)) resumeAt = hour;
    }
  }

  // What the next run compares with: the hours of its window through W, read
  // before the rows are, so a row that lands in between is one the next run sees
  // as a change, never one it misses. One scan serves both when the windows agree.
  let record: SourceHours | undefined;
  if (plan.throughWatermark) {
    const from = calendar.dayStart(plan.nextWindowDay);
    record = { from, hours: read?.from === from ? read.hours : (await hourFingerprints(pool.clients, vars.all, from, w)).all };
  }

  const start = calendar.dayStart(fromDay);
  const rangeEnd = toDay === lastDay ? w + 1 : calendar.dayStart(addDays(toDay, 1));
  const ctx: MachineContext = {
    machine,
    vars,
    calendar,
    pool,
    a0,
    w,
    validFrom: dates.from,
    lastDay,
    toDay,
    gapMs: machine.offlineGapSeconds * 1000,
    blockMs: activityBlockMs(machine.offlineGapSeconds * 1000),
    raiseUntil: rangeEnd,
  };
  const windowStart = resumeAt ?? start;
  if (rangeEnd - windowStart > WIDEN_AFTER_MS) await pool.widen();
  const carry =
    compared && stored.point !== null && stored.point.at === windowStart
      ? carryFrom(ctx, stored.point.state)
      : await carryInto(ctx, windowStart);
  const resume: ChunkResume | undefined =
    resumeAt === null ? undefined : { at: resumeAt, pieces: await readPieces(target, machine.id, start, resumeAt) };
  const alarmsBefore = resumeAt === null ? [] : await alarmDaysBefore(target, machine.id, fromDay, resumeAt);
  if (resumeAt === null) await deleteWindow(target, machine.id, fromDay, toDay === lastDay ? null : toDay, start);
  else await deleteFromHour(target, machine.id, fromDay, resumeAt);

  const days = calendar.daysBetween(fromDay, toDay);
  const chunkDays = Math.max(1, options.chunkDays ?? 31);
  // The state carried into the watermark's hour: where the next run most likely resumes.
  const pointAt = plan.throughWatermark ? hourStartOf(calendar, w) : undefined;
  const pieces: StoredPiece[] = [];
  const seen = new Map<number, HourFingerprint>();
  let point: ResumePoint | null = null;
  options.onProgress?.({ machineId: machine.id, day: fromDay, daysDone: 0, daysTotal: days.length });
  for (let i = 0; i < days.length; i += chunkDays) {
    const chunk = days.slice(i, i + chunkDays);
    const chunkEnd = calendar.dayStart(addDays(chunk[chunk.length - 1]!, 1));
    const snapshotAt = pointAt !== undefined && pointAt < chunkEnd ? pointAt : undefined;
    const result = await processChunk(ctx, chunk, carry, i === 0 ? resume : undefined, snapshotAt);
    if (i === 0) result.rows.alarmDays = mergeCounts(alarmsBefore, result.rows.alarmDays);
    await writeRows(
      target,
      machine.id,
      result.rows,
      machine.shifts.map((s) => s.name),
    );
    if (plan.throughWatermark) pieces.push(...result.pieces.filter((p) => p.day >= plan.nextWindowDay));
    // A chunk that starts inside a UTC hour reads all of it: its reading replaces the last chunk's part.
    for (const [hour, f] of result.hours) seen.set(hour, f);
    if (snapshotAt !== undefined && result.snapshot !== null) point = { at: snapshotAt, state: result.snapshot };
    options.onProgress?.({ machineId: machine.id, day: chunk[chunk.length - 1]!, daysDone: i + chunk.length, daysTotal: days.length });
  }
  const malformedAlarmRows = carry.alarms?.malformed ?? 0;
  if (toDay !== lastDay) await closeAlarmsAfterRange(ctx, carry, rangeEnd, target);

  await upsertMachineRecord(target, machine, plan.recordHash, {
    firstActivity: a0,
    watermark: plan.throughWatermark ? w : null,
    firstDay,
    lastDay,
    ...(plan.throughWatermark && toDay === lastDay ? { currentProgram: carry.program } : {}),
  });
  // Pieces are kept for the days the next run may recompute, complete from the first of them through W.
  const coveredFrom = compared && stored.piecesFromDay !== null && stored.piecesFromDay <= fromDay ? stored.piecesFromDay : fromDay;
  const keepFromDay = plan.throughWatermark ? maxDay(coveredFrom, plan.nextWindowDay) : null;
  await writeRunState(target, machine.id, {
    sourceHours: record,
    resume: { from: windowStart, pieces, keepFromDay, point },
    seen: { fromHour: Math.floor(Math.max(windowStart, dates.from) / HOUR_MS), toHour: Math.floor((rangeEnd - 1) / HOUR_MS), hours: seen },
    // The tail stands for "everything before it was read": true of a run through W, not of a backfill of some days.
    tail: mode.kind === 'run' && plan.throughWatermark ? tail.tail : null,
  });
  return {
    fromDay,
    toDay,
    watermark: w,
    rowsRead: carry.rowsRead,
    invalidRows: carry.invalidRows + implausibleDateRows,
    implausibleDateRows,
    malformedAlarmRows,
    days: days.length,
    fullHistory: plan.fullHistory && fromDay === plan.fromDay,
  };
}

/** metrics.md §9: program, utilization, alarms and last activity as they stood before `start`. */
async function carryInto(ctx: MachineContext, start: number): Promise<Carry> {
  const { vars, machine } = ctx;
  const source = ctx.pool.primary;
  const carry: Carry = {
    lastActivity: await lastActivityBefore(source, vars.all, ctx.validFrom, start),
    inOperation: null,
    program: null,
    emergency: null,
    standby: null,
    alarms: null,
    rowsRead: 0,
    invalidRows: 0,
  };
  if (vars.inOperation !== null)
    carry.inOperation = (await lastFloatBefore(source, vars.inOperation, ctx.validFrom, start, FINITE))?.value ?? null;
  if (vars.emergency !== null)
    carry.emergency = (await lastFloatBefore(source, vars.emergency, ctx.validFrom, start, FINITE))?.value ?? null;
  if (vars.standby !== null) carry.standby = (await lastFloatBefore(source, vars.standby, ctx.validFrom, start, FINITE))?.value ?? null;
  const p = machine.variables.program;
  if (vars.program !== null && p) {
    const row = await lastFloatBefore(
      source,
      vars.program,
      ctx.validFrom,
      start,
      `${FINITE} AND value::float8 BETWEEN ${Number(p.min)} AND ${Number(p.max)}`,
    );
    carry.program = row?.value == null ? null : roundProgram(row.value);
  }
  if (vars.alarms !== null) {
    carry.alarms = new AlarmTracker(machine.alarmCategories);
    carry.alarms.resume(await openOccurrencesAt(stringRowsBackwards(source, vars.alarms, ctx.validFrom, start), machine.alarmCategories));
  }
  return carry;
}

/** A backfill that ends before W still needs when its occurrences cleared. */
async function closeAlarmsAfterRange(ctx: MachineContext, carry: Carry, from: number, target: pg.Client): Promise<void> {
  const tracker = carry.alarms;
  if (tracker === null || ctx.vars.alarms === null) return;
  const inRange = () => [...tracker.active.values()].filter((o) => o.raisedAt < ctx.raiseUntil);
  const rows: { raisedAt: number; clearedAt: number | null; identity: string }[] = [];
  if (inRange().length > 0) {
    for await (const row of stringRows(ctx.pool.primary, ctx.vars.alarms, from, ctx.w + 1)) {
      for (const o of tracker.feed(row.date, row.value).cleared) if (o.raisedAt < ctx.raiseUntil) rows.push(o);
      if (inRange().length === 0) break;
    }
  }
  // The occurrences were written open; set the clearing instants found past the range.
  for (const o of rows) {
    await target.query(
      `UPDATE alarm_occurrence SET cleared_at = to_timestamp($4 / 1000.0)
        WHERE machine_id = $1 AND raised_at = to_timestamp($2 / 1000.0) AND identity = $3`,
      [ctx.machine.id, o.raisedAt, o.identity, o.clearedAt],
    );
  }
}

/** The error's message, prefixed with the database whose connection broke, unless it names one already. */
function withDatabase(err: unknown, machineId: string, target: pg.Client, sources: readonly pg.Client[]): string {
  const message = describeError(err);
  if (err instanceof EtlError) return message;
  const source = sources.find(isBroken);
  const which = isBroken(target)
    ? `the aggregation DB (${clientDatabase(target)})`
    : source
      ? `the production DB of machine ${machineId} (${clientDatabase(source)})`
      : null;
  return which ? `${which}: ${message}` : message;
}

// Days as YYYY-MM-DD compare as strings.
const maxDay = (a: string, b: string) => (a > b ? a : b);

/** The start of the local hour bucket that holds t. */
function hourStartOf(calendar: MachineCalendar, t: number): number {
  const starts = calendar.hourStarts(calendar.dayStart(calendar.dayOf(t)), t + 1);
  return starts[starts.length - 1]!;
}

/** A stored carried state as the run's carry: the alarm tracker resumed with the occurrences open then. */
function carryFrom(ctx: MachineContext, state: CarriedState): Carry {
  let alarms: AlarmTracker | null = null;
  if (ctx.vars.alarms !== null) {
    alarms = new AlarmTracker(ctx.machine.alarmCategories);
    alarms.resume(state.alarms ?? []);
  }
  return { ...state, alarms, rowsRead: 0, invalidRows: 0 };
}

/** Alarm counts of production day `day` raised before `at`, from the occurrences stored: a resumed day's first hours. */
async function alarmDaysBefore(db: Queryable, machineId: string, day: string, at: number): Promise<AlarmDayRow[]> {
  const { rows } = await db.query<AlarmDayRow>(
    `SELECT to_char(day, 'YYYY-MM-DD') AS day, category, count(*)::int AS count FROM alarm_occurrence
      WHERE machine_id = $1 AND day = $2 AND raised_at < to_timestamp($3 / 1000.0) GROUP BY day, category`,
    [machineId, day, at],
  );
  return rows;
}

function mergeCounts(a: readonly AlarmDayRow[], b: readonly AlarmDayRow[]): AlarmDayRow[] {
  const out = new Map<string, AlarmDayRow>();
  for (const r of [...a, ...b]) {
    const k = `${r.day}\u0000${r.category}`;
    const c = out.get(k);
    out.set(k, c ? { ...c, count: c.count + r.count } : { ...r });
  }
  return [...out.values()];
}

/**
 * `since`: the start of the earliest hour of [windowStart, lastW] whose rows differ
 * from what the last run recorded, null when none does; `hours`: this window's
 * hours through `w`. Where only rows were appended (`tail`), they say where the
 * first change is, and only the hours from it on are read again; otherwise every
 * hour of the window is compared. Undefined when the record does not cover this
 * window (a first run, another lookback).
 */
async function changeSinceLastRun(
  target: Queryable,
  sources: readonly Queryable[],
  machineId: string,
  recordedFrom: number | null,
  ids: number[],
  windowStart: number,
  lastW: number,
  w: number,
  tail: TailReading,
): Promise<{ since: number | null; hours: Map<number, HourFingerprint> } | undefined> {
  if (recordedFrom !== windowStart) return undefined;
  const recorded = await readSourceHours(target, machineId, recordedFrom);
  if (tail.kind === 'appended') {
    const since = tail.changed && tail.first !== null && tail.first <= lastW ? Math.floor(tail.first / HOUR_MS) * HOUR_MS : null;
    if (since === null && w === lastW) return { since, hours: recorded.hours };
    const from = Math.max(windowStart, Math.floor(Math.min(since ?? lastW, lastW) / HOUR_MS) * HOUR_MS);
    const hours = new Map([...recorded.hours].filter(([hour]) => hour * HOUR_MS < from));
    for (const [hour, f] of (await hourFingerprints(sources, ids, from, Math.max(lastW, w))).all) hours.set(hour, f);
    return { since, hours };
  }
  const now = await hourFingerprints(sources, ids, windowStart, Math.max(lastW, w), lastW);
  return { since: firstChangedHour(recorded.hours, now.upTo), hours: now.all };
}

const HOUR_MS = 3_600_000;

/** A window longer than this is read over all of the machine's source connections. */
const WIDEN_AFTER_MS = 6 * HOUR_MS;
