// The public surface of @spindle/etl: deliberately small; everything else is internal.
export {
  ConfigError,
  DEFAULT_ALARM_CATEGORIES,
  MachineCalendar,
  OTHER_CATEGORY,
  addDays,
  isDay,
  parseFleetConfig,
  type AlarmCategoryRule,
  type Day,
  type FleetConfig,
  type MachineConfig,
  type MotorConfig,
  type ProgramVariableConfig,
  type SensorConfig,
  type ShiftConfig,
} from '@spindle/core';
export { loadFleetConfig } from '@spindle/core/node';
export { readStatus, type MachineStatus } from '@spindle/core/store';
export { EtlError, MachineLockedError } from './errors.js';
export { migrate, type MigrateResult } from './store/migrate.js';
export { grantBi, type BiGrant } from './store/bi-access.js';
export { runMachine, type MachineProgress, type MachineRunResult, type RunMachineOptions, type RunMode } from './run/run-machine.js';
export { runFleet, type RunFleetOptions } from './run/run-fleet.js';
export { auditMachine, type AuditOptions, type AuditResult } from './run/audit-machine.js';
export type { MachineOutcome } from './run/run-one-machine.js';
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
