import { ConfigError, type FleetConfig } from '@spindle/core';
import type pg from 'pg';
import { describeError } from '../errors.js';
import { closeClient, isBroken, readBigintAsNumber } from '../postgres/connect.js';
import { connectAggregation } from '../store/aggregation-connection.js';
import { assertSchemaCurrent } from '../store/migrate.js';
import type { MachineProgress, RunMachineOptions, RunMode } from './run-machine.js';
import { runOneMachine, type MachineOutcome } from './run-one-machine.js';

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
  const { databaseUrl, aggregation } = options;
  if (!aggregation && databaseUrl === undefined)
    throw new ConfigError('runFleet needs databaseUrl or aggregation: where to write the results');
  const open = async () =>
    aggregation
      ? readBigintAsNumber(await aggregation())
      : await connectAggregation(databaseUrl!, 'spindle-etl', options.targetTimeoutSeconds);
  let target = await open();
  const outcomes: MachineOutcome[] = [];
  try {
    await assertSchemaCurrent(target);
    for (const machine of machines) {
      // The aggregation DB went away during the last machine: open it again for this
      // one, or fail this one naming it (a restart of the database loses no machine).
      if (isBroken(target)) {
        try {
          await closeClient(target);
          target = await open();
        } catch (err) {
          const outcome: MachineOutcome = { machineId: machine.id, outcome: 'failed', error: describeError(err) };
          outcomes.push(outcome);
          options.onMachineDone?.(outcome);
          continue;
        }
      }
      const outcome = await runOneMachine(machine, {
        target,
        mode: options.mode,
        chunkDays: options.chunkDays,
        openSource: options.openSource,
        sourceConnections: options.sourceConnections,
        sourceTimeoutSeconds: options.sourceTimeoutSeconds,
        onProgress: options.onProgress,
      });
      outcomes.push(outcome);
      options.onMachineDone?.(outcome);
    }
  } finally {
    await closeClient(target);
  }
  return outcomes;
}
