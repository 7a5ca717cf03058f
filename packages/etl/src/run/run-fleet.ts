import type { FleetConfig } from '@spindle/core';
import type pg from 'pg';
import type { MachineProgress, RunMachineOptions, RunMode } from './run-machine.js';
import { FleetSession } from './fleet-session.js';
import type { MachineOutcome } from './run-one-machine.js';

export interface RunFleetOptions {
  /** Aggregation DB connection string; or pass `aggregation`. */
  databaseUrl?: string;
  /**
   * Opens the aggregation DB connection the run uses (one for the whole fleet),
   * instead of one from `databaseUrl`: your own pool, TLS, credentials. Give it
   * a time limit and keepalives as `connectAggregation` does.
   */
  aggregation?: () => Promise<pg.Client>;
  /** Opens a connection to a machine's production DB, instead of one from `machine.source`. */
  openSource?: RunMachineOptions['openSource'];
  mode: RunMode;
  /**
   * Machines run side by side (default 1), each on its own aggregation
   * connection: a fleet of small incremental runs spends most of its time
   * waiting on round trips, which lanes overlap. Each lane holds a machine's
   * rows in memory, as one run does.
   */
  concurrency?: number;
  /** Only this machine (its id); all of them when absent. */
  machineId?: string;
  chunkDays?: number;
  /** Connections per production DB for queries that run side by side (default 2). */
  sourceConnections?: number;
  /** Time limit of every production DB answer, in seconds (default 300). */
  sourceTimeoutSeconds?: number;
  /** Time limit of every aggregation DB answer, in seconds (default 120). */
  targetTimeoutSeconds?: number;
  onProgress?: (p: MachineProgress) => void;
  onMachineDone?: (o: MachineOutcome) => void;
}

/**
 * Runs every machine of the fleet, `concurrency` at a time. A machine that fails
 * or is locked is reported and does not stop the others.
 */
export async function runFleet(fleet: FleetConfig, options: RunFleetOptions): Promise<MachineOutcome[]> {
  const session = new FleetSession(fleet, options);
  try {
    return await session.round();
  } finally {
    await session.close();
  }
}
