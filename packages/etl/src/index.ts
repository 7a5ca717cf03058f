// The public surface of @spindle/etl: deliberately small; everything else is internal.
export type {
  AlarmCategoryRule,
  FleetConfig,
  MachineConfig,
  MotorConfig,
  ProgramVariableConfig,
  SensorConfig,
  ShiftConfig,
} from './config/fleet-config.js';
export { DEFAULT_ALARM_CATEGORIES, OTHER_CATEGORY } from './config/fleet-config.js';
export { parseFleetConfig } from './config/parse-config.js';
export { loadFleetConfig } from './config/load-config.js';
export { ConfigError, EtlError, MachineLockedError } from './errors.js';
export { migrate, type MigrateResult } from './store/migrate.js';
export { runMachine, type MachineProgress, type MachineRunResult, type RunMachineOptions, type RunMode } from './run/run-machine.js';
export { runFleet, type RunFleetOptions } from './run/run-fleet.js';
export type { MachineOutcome } from './run/run-one-machine.js';
export { readStatus, type MachineStatus } from './store/read-status.js';
export { MachineCalendar, addDays, isDay, type Day } from './time/calendar.js';
export { backfillUnits, incrementalUnits, unitLabel, type WorkUnit } from './queue/work-unit.js';
export {
  openQueue,
  QUEUE_SCHEMA,
  UNIT_QUEUE,
  type EtlQueue,
  type QueueConnection,
  type QueuedUnit,
  type UnitPolicy,
} from './queue/etl-queue.js';
export { startWorker, type EtlWorker, type UnitOutcome, type WorkerOptions } from './queue/run-worker.js';
export { readQueueStatus, type QueueStatus, type UnitRun } from './queue/queue-status.js';
