/** Types of the fleet configuration (metrics.md §2), after defaults are applied. */
export interface SensorConfig {
  name: string;
  unit: string;
  scale: number;
  min: number | null;
  max: number | null;
}

export interface MotorConfig {
  name: string;
  nominalKw: number;
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

export interface ShiftConfig {
  name: string;
  start: string;
}

export interface MachineConfig {
  id: string;
  name: string;
  source: string;
  timezone: string;
  dayStart: string;
  shifts: ShiftConfig[];
  offlineGapSeconds: number;
  variables: {
    inOperation: string | null;
    program: ProgramVariableConfig | null;
    alarms: string | null;
    motors: MotorConfig[];
    sensors: SensorConfig[];
  };
  alarmCategories: AlarmCategoryRule[];
}

export interface FleetConfig {
  machines: MachineConfig[];
}
