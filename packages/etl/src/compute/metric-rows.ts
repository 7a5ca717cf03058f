import type { AlarmOccurrence } from './alarm-tracker.js';
import type { MachineState } from './pieces.js';

/** Rows of one machine's aggregates, as written to the aggregation DB. Durations in ms. */
export interface UtilizationRow {
  day: string;
  /** Shift index, or null for the whole day. */
  shift: number | null;
  runningMs: number;
  idleMs: number;
  offlineMs: number;
  coveredMs: number;
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
  occurrences: OccurrenceRow[];
  alarmDays: AlarmDayRow[];
}
