import { addDays, MachineCalendar, type MachineConfig } from '@spindle/core';
import type pg from 'pg';
import { closeClient, readBigintAsNumber } from '../postgres/connect.js';
import { hourFingerprints, type HourFingerprint } from '../source/hour-fingerprints.js';
import { plausibleDates } from '../source/plausible-dates.js';
import { resolveVariables } from '../source/variables.js';
import { configHash, readMachineRecord } from '../store/machine-record.js';
import { readHoursSeen } from '../store/source-hours.js';
import { openSourceConnections, runMachine, type MachineRunResult, type RunMachineOptions } from './run-machine.js';

const HOUR_MS = 3_600_000;

export interface AuditOptions
  extends Pick<RunMachineOptions, 'openSource' | 'sourceConnections' | 'sourceTimeoutSeconds' | 'clock' | 'chunkDays'> {
  target: pg.Client;
  /** First and last production day to compare (default: the machine's whole history). */
  from?: string;
  to?: string;
}

export interface AuditResult {
  machineId: string;
  /** Null when there was nothing to compare: a machine never run, or whose config changed since (its next run recomputes it all). */
  hours: number | null;
  /** The production days whose rows differ from what their last computation read, recomputed. */
  days: string[];
  runs: MachineRunResult[];
  durationMs: number;
}

/**
 * Compares every UTC hour of the machine's history (or of the days asked for)
 * with what the last computation of that hour read, and recomputes the
 * production days holding an hour that differs, as a backfill of those days
 * would: a row inserted, changed or deleted in any hour, however old, is
 * reflected after it. The hours compared end before the watermark's hour, which
 * the next run reads anyway. Reads one fingerprint per hour and variable from
 * the (id_var, date) index: no row is transferred.
 */
export async function auditMachine(machine: MachineConfig, options: AuditOptions): Promise<AuditResult> {
  const started = Date.now();
  const { target } = options;
  const result: AuditResult = { machineId: machine.id, hours: null, days: [], runs: [], durationMs: 0 };
  const record = await readMachineRecord(target, machine.id);
  const span = record?.span ?? null;
  if (record === null || record.watermark === null || record.configHash !== configHash(machine) || span === null) {
    return { ...result, durationMs: Date.now() - started };
  }
  const calendar = MachineCalendar.of(machine);
  const fromDay = options.from !== undefined && options.from > span.firstDay ? options.from : span.firstDay;
  const toDay = options.to !== undefined && options.to < span.lastDay ? options.to : span.lastDay;
  const dates = plausibleDates(machine, options.clock ?? Date.now());
  const firstHour = Math.floor(Math.max(calendar.dayStart(fromDay), dates.from) / HOUR_MS);
  const endHour = Math.min(Math.ceil(calendar.dayStart(addDays(toDay, 1)) / HOUR_MS), Math.floor(record.watermark / HOUR_MS));
  if (fromDay > toDay || endHour <= firstHour) return { ...result, hours: 0, durationMs: Date.now() - started };

  const sources = (await openSourceConnections(machine, options)).map(readBigintAsNumber);
  let changed: number[];
  try {
    const vars = await resolveVariables(sources[0]!, machine);
    const now = (await hourFingerprints(sources, vars.all, Math.max(firstHour * HOUR_MS, dates.from), endHour * HOUR_MS - 1)).all;
    const seen = await readHoursSeen(target, machine.id, firstHour, endHour - 1);
    changed = differingHours(seen, now);
  } finally {
    await Promise.all(sources.map(closeClient));
  }

  const days = new Set<string>();
  for (const hour of changed) {
    for (const t of [hour * HOUR_MS, (hour + 1) * HOUR_MS - 1]) {
      const day = calendar.dayOf(t);
      if (day >= fromDay && day <= toDay) days.add(day);
    }
  }
  result.hours = endHour - firstHour;
  result.days = [...days].sort();
  for (const [from, to] of consecutive(result.days)) {
    result.runs.push(await runMachine(machine, { ...options, target, mode: { kind: 'backfill', from, to } }));
  }
  return { ...result, durationMs: Date.now() - started };
}

/** Hours (ms / 3 600 000) whose fingerprints differ; an hour absent from one side held no rows there. */
export function differingHours(a: ReadonlyMap<number, HourFingerprint>, b: ReadonlyMap<number, HourFingerprint>): number[] {
  const out: number[] = [];
  for (const hour of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(hour);
    const y = b.get(hour);
    const same = x !== undefined && y !== undefined && x.rows === y.rows && BigInt(x.dateSum) === BigInt(y.dateSum) && x.idSum === y.idSum;
    if (!same) out.push(hour);
  }
  return out.sort((p, q) => p - q);
}

/** Sorted days as runs of consecutive days: [first, last] each. */
export function consecutive(days: readonly string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const day of days) {
    const last = runs[runs.length - 1];
    if (last && addDays(last[1], 1) === day) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}
