import { ConfigError, type FleetConfig, type MachineConfig } from '@spindle/core';
import type pg from 'pg';
import { describeError } from '../errors.js';
import { closeClient, isBroken, readBigintAsNumber } from '../postgres/connect.js';
import { connectAggregation } from '../store/aggregation-connection.js';
import { assertSchemaCurrent } from '../store/migrate.js';
import { inLanes } from './lanes.js';
import type { RunFleetOptions } from './run-fleet.js';
import { openSourceConnections } from './run-machine.js';
import { runOneMachine, type MachineOutcome } from './run-one-machine.js';

/**
 * The machines of a fleet and the connections their runs use, kept from one
 * round to the next: `spindle-etl run --every` pays for connecting once, not
 * every minute. A connection that broke (a database restarted) is opened again
 * at the next round; a machine whose database cannot be reached fails naming
 * it, and the others go on. With `concurrency` N, N machines run side by side,
 * each lane on its own aggregation connection (a machine's run is one
 * transaction on it).
 */
export class FleetSession {
  private readonly targets: (pg.Client | null)[];
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
    const lanes = options.concurrency ?? 1;
    if (!Number.isInteger(lanes) || lanes < 1) throw new ConfigError(`concurrency must be a whole number ≥ 1, not ${lanes}`);
    this.targets = new Array(Math.min(lanes, this.machines.length)).fill(null);
  }

  /**
   * Runs every machine once, `concurrency` at a time, starting them in the
   * fleet's order; a machine that fails or is locked is reported and does not
   * stop the others. The outcomes come back in the fleet's order;
   * `onMachineDone` sees each as it ends.
   */
  async round(): Promise<MachineOutcome[]> {
    if (this.targets[0] === null) await assertSchemaCurrent(await this.aggregation(0));
    const outcomes: MachineOutcome[] = new Array(this.machines.length);
    await inLanes(this.machines, this.targets.length, async (machine, at, lane) => {
      outcomes[at] = await this.runMachine(machine, lane);
      this.options.onMachineDone?.(outcomes[at]!);
    });
    return outcomes;
  }

  /** Closes every connection the session holds. */
  async close(): Promise<void> {
    const all = [...this.targets.filter((t) => t !== null), ...[...this.sources.values()].flat()];
    this.targets.fill(null);
    this.sources.clear();
    await Promise.all(all.map(closeClient));
  }

  private async runMachine(machine: MachineConfig, lane: number): Promise<MachineOutcome> {
    let target: pg.Client;
    try {
      // The aggregation DB went away during the last machine: open it again for this one.
      target = await this.aggregation(lane);
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

  /** The lane's aggregation connection, opened again when it broke. */
  private async aggregation(lane: number): Promise<pg.Client> {
    const kept = this.targets[lane];
    if (kept && !isBroken(kept)) return kept;
    if (kept) await closeClient(kept);
    this.targets[lane] = null;
    const { aggregation, databaseUrl, targetTimeoutSeconds } = this.options;
    const opened = aggregation
      ? readBigintAsNumber(await aggregation())
      : await connectAggregation(databaseUrl!, 'spindle-etl', targetTimeoutSeconds);
    this.targets[lane] = opened;
    return opened;
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
