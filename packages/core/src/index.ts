// @spindle/core: what the ETL, the server and the widgets share. Browser-safe:
// no Node built-ins here (file loading is in @spindle/core/node, the readers of
// the aggregation database in @spindle/core/store).
export type {
  AlarmCategoryRule,
  FleetConfig,
  MachineConfig,
  MotorConfig,
  ProgramVariableConfig,
  SensorConfig,
  ShiftConfig,
  Weekday,
} from './config/fleet-config.js';
export { WEEKDAYS } from './config/fleet-config.js';
export { ConfigError } from './config/config-error.js';
export { parseFleetConfig } from './config/parse-config.js';
export {
  categorize,
  categoryOrder,
  categoryRank,
  compareCodePoints,
  DEFAULT_ALARM_CATEGORIES,
  OTHER_CATEGORY,
} from './alarms/categories.js';
export {
  addDays,
  dayCount,
  dayToUtcMidnight,
  isDay,
  MachineCalendar,
  utcMidnightToDay,
  type Day,
  type ShiftWindow,
} from './time/calendar.js';
export { isValidZone, localIso, offsetAt, offsetSegments, wallToInstant, type OffsetSegment } from './time/zone.js';
export { wallClock } from './time/wall-clock.js';
export { DOWNTIME_STATES, MACHINE_STATES, type DowntimeState, type MachineState } from './metrics/states.js';
