import type { MachineCalendar, MachineConfig } from '@spindle/core';
import type { AlarmTracker } from '../compute/alarm-tracker.js';
import type { SourcePool } from '../source/source-pool.js';
import type { ResolvedVariables } from '../source/variables.js';

/** What stays fixed while one machine's window is processed. */
export interface MachineContext {
  machine: MachineConfig;
  vars: ResolvedVariables;
  calendar: MachineCalendar;
  /** Connections to the production DB; queries that do not depend on each other share them. */
  pool: SourcePool;
  /** First activity instant a0 and watermark W (metrics.md §3, §4). */
  a0: number;
  w: number;
  /** metrics.md §14: rows dated before this are invalid (rows after W are never read). */
  validFrom: number;
  lastDay: string;
  /** Last production day of the window being computed. */
  toDay: string;
  gapMs: number;
  /** Width of the activity blocks: divides 15 minutes and is ≤ the gap threshold. */
  blockMs: number;
  /** Occurrences raised at or after this instant lie outside the window. */
  raiseUntil: number;
}

/** State carried from one chunk into the next (metrics.md §9). */
export interface Carry {
  lastActivity: number | null;
  inOperation: number | null;
  program: number | null;
  emergency: number | null;
  standby: number | null;
  alarms: AlarmTracker | null;
  rowsRead: number;
  invalidRows: number;
}

/**
 * Activity block width: any width ≤ the gap finds every offline interval; the
 * largest divisor of 15 minutes keeps blocks few and aligned with local hours.
 */
export function activityBlockMs(gapMs: number): number {
  const quarter = 900_000;
  for (let k = 1; k <= quarter; k++) {
    if (quarter % k === 0 && quarter / k <= gapMs) return quarter / k;
  }
  return 1;
}
