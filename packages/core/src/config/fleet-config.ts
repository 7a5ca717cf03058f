/** Types of the fleet configuration (metrics.md §2), after defaults are applied. */
export interface SensorConfig {
  name: string;
  /** What people read (a chart's title, a picker): default the variable's name. */
  label: string;
  unit: string;
  scale: number;
  min: number | null;
  max: number | null;
}

export interface MotorConfig {
  name: string;
  /** What people read: default the variable's name. */
  label: string;
  nominalKw: number;
  /** metrics.md §14: values above it (percent, default 1000) are invalid. */
  max: number;
}

export interface ProgramVariableConfig {
  name: string;
  min: number;
  max: number;
}

export interface AlarmCategoryRule {
  category: string;
  keywords: string[];
}

/** The three-letter English weekday names `shifts[].days` takes (metrics.md §13). */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface ShiftConfig {
  name: string;
  start: string;
  /** The weekdays (of the production day an occurrence starts on) on which the shift is planned; every day by default. */
  days: Weekday[];
}

export interface MachineConfig {
  id: string;
  name: string;
  source: string;
  timezone: string;
  dayStart: string;
  shifts: ShiftConfig[];
  offlineGapSeconds: number;
  /** metrics.md §14: rows dated before this instant (ISO, as toISOString writes it; default 2000-01-01T00:00:00.000Z) are invalid. */
  historyStart: string;
  /** metrics.md §14: rows dated later than the run's clock plus this many seconds (default 300) are invalid. */
  clockSkewSeconds: number;
  variables: {
    inOperation: string | null;
    program: ProgramVariableConfig | null;
    /** metrics.md §11: conditions, active while their last valid value is > 0. */
    emergency: string | null;
    standby: string | null;
    alarms: string | null;
    motors: MotorConfig[];
    sensors: SensorConfig[];
  };
  alarmCategories: AlarmCategoryRule[];
  /** metrics.md §13: production days on which no shift occurrence is planned, sorted. */
  holidays: string[];
}

export interface FleetConfig {
  machines: MachineConfig[];
}
