// The public surface of @spindle/sdk.
export {
  createSpindleClient,
  type Alert,
  type AlertDaily,
  type AlertPage,
  type CallOptions,
  type ClientOptions,
  type CsvResource,
  type Day,
  type Downtime,
  type Energy,
  type FleetDowntime,
  type FleetNow,
  type FleetUtilization,
  type Machine,
  type MachineEvent,
  type MachineStatus,
  type Program,
  type SensorStat,
  type SpindleClient,
  type StateInterval,
  type Utilization,
} from './client.js';
export type { TokenProvider } from './auth-fetch.js';
export { SpindleApiError, type Problem, type Result } from './result.js';
export type { components, paths } from './generated/api.js';
