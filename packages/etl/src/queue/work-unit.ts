import { addDays, isDay } from '@spindle/core';
import type { RunMode } from '../run/run-machine.js';

/** architecture.md, "Scaling out": the unit of work is one machine and a day range (or an incremental run). */
export interface WorkUnit {
  machineId: string;
  mode: RunMode;
}

/** One incremental unit per machine: what cron enqueues instead of running. */
export function incrementalUnits(machineIds: readonly string[], lookbackHours?: number): WorkUnit[] {
  return machineIds.map((machineId) => ({ machineId, mode: { kind: 'run', lookbackHours } }));
}

/**
 * A backfill of `from..to` cut into ranges of `unitDays` days per machine, listed
 * round-robin across machines: units of one machine run one at a time, so
 * interleaving keeps every worker busy with other machines meanwhile.
 */
export function backfillUnits(machineIds: readonly string[], from: string, to: string, unitDays: number): WorkUnit[] {
  if (!isDay(from) || !isDay(to) || to < from) throw new RangeError(`not a range of days: ${from}..${to}`);
  if (!Number.isInteger(unitDays) || unitDays < 1) throw new RangeError(`unitDays must be a whole number ≥ 1, got ${unitDays}`);
  const ranges: [string, string][] = [];
  for (let day = from; day <= to; day = addDays(day, unitDays)) {
    const last = addDays(day, unitDays - 1);
    ranges.push([day, last < to ? last : to]);
  }
  return ranges.flatMap(([a, b]) => machineIds.map((machineId) => ({ machineId, mode: { kind: 'backfill', from: a, to: b } as const })));
}

/** A label for logs: `2207 2024-03-01..2024-03-07` or `2207 incremental`. */
export function unitLabel(unit: WorkUnit): string {
  return unit.mode.kind === 'run'
    ? `${unit.machineId} incremental`
    : `${unit.machineId} ${unit.mode.from ?? 'first day'}..${unit.mode.to ?? 'last day'}`;
}
