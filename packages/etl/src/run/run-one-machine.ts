import type { MachineConfig } from '@spindle/core';
import { MachineLockedError, describeError } from '../errors.js';
import { runMachine, type MachineRunResult, type RunMachineOptions } from './run-machine.js';

export type MachineOutcome =
  | { machineId: string; outcome: 'succeeded'; result: MachineRunResult }
  | { machineId: string; outcome: 'failed'; error: string }
  | { machineId: string; outcome: 'locked'; error: string };

/**
 * Runs one machine and says how it went, never throwing: the fleet runner goes
 * on to the next machine, the queue worker reports the outcome and hands a
 * failure back to its queue for a retry.
 */
export async function runOneMachine(machine: MachineConfig, options: RunMachineOptions): Promise<MachineOutcome> {
  try {
    return { machineId: machine.id, outcome: 'succeeded', result: await runMachine(machine, options) };
  } catch (err) {
    return { machineId: machine.id, outcome: err instanceof MachineLockedError ? 'locked' : 'failed', error: describeError(err) };
  }
}
