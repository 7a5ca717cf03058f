import type { FleetConfig } from '../config/fleet-config.js';
import { ConfigError, MachineLockedError, describeError } from '../errors.js';
import { closeClient } from '../source/pg-types.js';
import { connectAggregation } from '../store/aggregation-connection.js';
import { assertSchemaCurrent } from '../store/migrate.js';
import { runMachine, type MachineProgress, type MachineRunResult, type RunMode } from './run-machine.js';

export type MachineOutcome =
  | { machineId: string; outcome: 'succeeded'; result: MachineRunResult }
  | { machineId: string; outcome: 'failed'; error: string }
  | { machineId: string; outcome: 'locked'; error: string };

export interface RunFleetOptions {
  /** Aggregation DB connection string. */
  databaseUrl: string;
  mode: RunMode;
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
 * Runs every machine of the fleet in turn. A machine that fails or is locked is
 * reported and does not stop the others.
 */
export async function runFleet(fleet: FleetConfig, options: RunFleetOptions): Promise<MachineOutcome[]> {
  const machines = options.machineId === undefined ? fleet.machines : fleet.machines.filter((m) => m.id === options.machineId);
  if (machines.length === 0) {
    throw new ConfigError(`no machine "${options.machineId}" in the fleet config; known: ${fleet.machines.map((m) => m.id).join(', ')}`);
  }
  const target = await connectAggregation(options.databaseUrl, 'spindle-etl', options.targetTimeoutSeconds);
  const outcomes: MachineOutcome[] = [];
  try {
    await assertSchemaCurrent(target);
    for (const machine of machines) {
      let outcome: MachineOutcome;
      try {
        const result = await runMachine(machine, {
          target,
          mode: options.mode,
          chunkDays: options.chunkDays,
          sourceConnections: options.sourceConnections,
          sourceTimeoutSeconds: options.sourceTimeoutSeconds,
          onProgress: options.onProgress,
        });
        outcome = { machineId: machine.id, outcome: 'succeeded', result };
      } catch (err) {
        outcome = { machineId: machine.id, outcome: err instanceof MachineLockedError ? 'locked' : 'failed', error: describeError(err) };
      }
      outcomes.push(outcome);
      options.onMachineDone?.(outcome);
    }
  } finally {
    await closeClient(target);
  }
  return outcomes;
}
