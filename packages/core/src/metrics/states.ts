/**
 * metrics.md §4, §11: the states of a machine. An online interval is EMERGENCY,
 * RUNNING, STANDBY or IDLE, the first that holds in this order; the rest is OFFLINE.
 */
export const MACHINE_STATES = ['RUNNING', 'IDLE', 'STANDBY', 'EMERGENCY', 'OFFLINE'] as const;
export type MachineState = (typeof MACHINE_STATES)[number];

/** metrics.md §12: the states whose time is downtime (online, not running). */
export const DOWNTIME_STATES = ['IDLE', 'STANDBY', 'EMERGENCY'] as const;
export type DowntimeState = (typeof DOWNTIME_STATES)[number];
