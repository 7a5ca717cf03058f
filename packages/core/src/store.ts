// @spindle/core/store: readers of the aggregation database that the ETL and the server share.
export { LOCK_CLASS, machineLocked } from './store/machine-lock.js';
export type { Queryable } from './store/queryable.js';
export { readStatus, type MachineStatus } from './store/read-status.js';
export {
  DAY_TABLES,
  METRIC_TABLES,
  NULLABLE_COLUMNS,
  selectList,
  type ColumnOf,
  type ColumnType,
  type MetricTable,
  type Selected,
} from './store/schema.js';
export {
  EXPECTED_COLUMNS,
  inspectSchema,
  MACHINE_CHANNEL,
  SCHEMA_VERSION,
  schemaProblem,
  type SchemaReport,
} from './store/schema-check.js';
export { describeDatabase } from './store/describe-database.js';
