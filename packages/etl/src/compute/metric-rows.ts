import type { DowntimeState, MachineState } from '@spindle/core';
import type { AlarmOccurrence } from './alarm-tracker.js';

/** Rows of one machine's aggregates, as written to the aggregation DB. Durations in ms. */
export interface UtilizationRow {
  day: string;
  /** Shift index, or null for the whole day. */
  shift: number | null;
  runningMs: number;
  idleMs: number;
  standbyMs: number;
  emergencyMs: number;
  offlineMs: number;
  coveredMs: number;
  /** metrics.md §13: planned time, and RUNNING time inside and outside it. */
  plannedMs: number;
  plannedRunningMs: number;
  unplannedRunningMs: number;
}

/** metrics.md §12: downtime of one production day, state and cause. */
export interface DowntimeRow {
  day: string;
  state: DowntimeState;
  /** The cause's category and identity; null when no alarm was open. */
  category: string | null;
  identity: string | null;
  /** Code and description of the latest-raised occurrence that was the cause in this row. */
  code: string | null;
  description: string | null;
  raisedAt: number | null;
  ms: number;
}

export interface StateIntervalRow {
  day: string;
  start: number;
  end: number;
  state: MachineState;
}

export interface SensorHourRow {
  sensor: string;
  day: string;
  start: number;
  count: number;
  min: number;
  max: number;
  avg: number;
  stddev: number | null;
  sum: number;
  sumsq: number;
}

export interface EnergyHourRow {
  day: string;
  start: number;
  kwh: number;
}

export interface ProgramDayRow {
  day: string;
  program: number | null;
  runningMs: number;
  kwh: number;
}

export interface OccurrenceRow extends AlarmOccurrence {
  day: string;
}

export interface AlarmDayRow {
  day: string;
  category: string;
  count: number;
}

export interface MetricRows {
  utilization: UtilizationRow[];
  states: StateIntervalRow[];
  sensors: SensorHourRow[];
  energy: EnergyHourRow[];
  programs: ProgramDayRow[];
  downtime: DowntimeRow[];
  occurrences: OccurrenceRow[];
  alarmDays: AlarmDayRow[];
}
