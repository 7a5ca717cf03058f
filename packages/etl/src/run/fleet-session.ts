import { ConfigError, type FleetConfig, type MachineConfig } from '@spindle/core';
import type pg from 'pg';
import { describeError } from '../errors.js';
import { closeClient, isBroken, readBigintAsNumber } from '../postgres/connect.js';
import { connectAggregation } from '../store/aggregation-connection.js';
import { assertSchemaCurrent } from '../store/migrate.js';
import type { RunFleetOptions } from './run-fleet.js';
import { openSourceConnections } from './run-machine.js';
import { runOneMachine, type MachineOutcome } from './run-one-machine.js';

/**
 * The machines of a fleet and the connections their runs use, kept from one
 * round to the next: `spindle-etl run --every` pays for connecting once, not
 * every minute. A connection that broke (a database restarted) is opened again
 * at the next round; a machine whose database cannot be reached fails naming
 * it, and the others go on.
 */
export class FleetSession {
  private target: pg.Client | null = null;
  private readonly sources = new Map<string, pg.Client[]>();
  private readonly machines: MachineConfig[];

  constructor(
    fleet: FleetConfig,
    private readonly options: RunFleetOptions,
  ) {
    this.machines = options.machineId === undefined ? fleet.machines : fleet.machines.filter((m) => m.id === options.machineId);
    if (this.machines.length === 0) {
      throw new ConfigError(`no machine "${options.machineId}" in the fleet config; known: ${fleet.machines.map((m) => m.id).join(', ')}`);
    }
    if (!options.aggregation && options.databaseUrl === undefined) {
      throw new ConfigError('runFleet needs databaseUrl or aggregation: where to write the results');
    }
  }

  /** Runs every machine once, in turn; a machine that fails or is locked is reported and does not stop the others. */
  async round(): Promise<MachineOutcome[]> {
    const fresh = this.target === null;
    const target = await this.aggregation();
    if (fresh) await assertSchemaCurrent(target);
    const outcomes: MachineOutcome[] = [];
    for (const machine of this.machines) {
      const outcome = await this.runMachine(machine);
      outcomes.push(outcome);
      this.options.onMachineDone?.(outcome);
    }
    return outcomes;
  }

  /** Closes every connection the session holds. */
  async close(): Promise<void> {
    const all = [...(this.target ? [this.target] : []), ...[...this.sources.values()].flat()];
    this.target = null;
    this.sources.clear();
    await Promise.all(all.map(closeClient));
  }

  private async runMachine(machine: MachineConfig): Promise<MachineOutcome> {
    let target: pg.Client;
    try {
      // The aggregation DB went away during the last machine: open it again for this one.
      target = await this.aggregation();
    } catch (err) {
      return { machineId: machine.id, outcome: 'failed', error: describeError(err) };
    }
    const outcome = await runOneMachine(machine, {
      target,
      sources: (wanted) => this.sourcesOf(machine, wanted),
      sourceConnections: this.options.sourceConnections,
      mode: this.options.mode,
      chunkDays: this.options.chunkDays,
      sourceTimeoutSeconds: this.options.sourceTimeoutSeconds,
      onProgress: this.options.onProgress,
    });
    return outcome;
  }

  private async aggregation(): Promise<pg.Client> {
    if (this.target && !isBroken(this.target)) return this.target;
    if (this.target) await closeClient(this.target);
    this.target = null;
    const { aggregation, databaseUrl, targetTimeoutSeconds } = this.options;
    this.target = aggregation
      ? readBigintAsNumber(await aggregation())
      : await connectAggregation(databaseUrl!, 'spindle-etl', targetTimeoutSeconds);
    return this.target;
  }

  /** The machine's kept connections, at least `wanted` of them: a round that reads a minute needs one. */
  private async sourcesOf(machine: MachineConfig, wanted: number): Promise<pg.Client[]> {
    let kept = this.sources.get(machine.id) ?? [];
    if (kept.some(isBroken)) {
      await Promise.all(kept.map(closeClient));
      kept = [];
    }
    if (kept.length < wanted)
      kept = [...kept, ...(await openSourceConnections(machine, { ...this.options, sourceConnections: wanted - kept.length }))];
    this.sources.set(machine.id, kept);
    return kept;
  }
}
