import { addDays, utcMidnightToDay, type FleetConfig, type MachineConfig } from '@spindle/core';
import pg from 'pg';
import { EtlError, describeError } from '../errors.js';
import { connect } from '../postgres/connect.js';
import { workPatternOf } from './machine-profile.js';
import { simulateMachine, type MachineSimulator, type SimulationSummary } from './simulate-machine.js';

export interface SimulateFleetOptions {
  days?: number;
  /** First simulated day; default: `days` before today (UTC). */
  from?: string;
  seed?: number;
  density?: number;
  machineId?: string;
  /** Nothing is logged at or after this instant (ms). */
  until?: number;
  /** Called with each machine's simulator and open connection before it closes: the live demo keeps them. */
  keep?: (machine: MachineConfig, simulator: MachineSimulator, db: pg.Client) => void;
  onMachineDone?: (s: SimulationSummary) => void;
}

/** Connects to a machine's source DB, creating the database when it does not exist yet. */
export async function connectCreating(connectionString: string): Promise<pg.Client> {
  try {
    return await connect(connectionString, 'spindle-simulate');
  } catch (err) {
    if (((err as Error).cause as { code?: string } | undefined)?.code !== '3D000') throw err;
    const url = new URL(connectionString);
    const name = decodeURIComponent(url.pathname.slice(1));
    url.pathname = '/postgres';
    const admin = await connect(url.toString(), 'spindle-simulate');
    try {
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    } finally {
      await admin.end();
    }
    return connect(connectionString, 'spindle-simulate');
  }
}

/**
 * Writes simulated production data into every machine's `source` database
 * (replacing its log tables). Deterministic for a given seed and start day.
 */
export async function simulateFleet(fleet: FleetConfig, options: SimulateFleetOptions = {}): Promise<SimulationSummary[]> {
  const days = options.days ?? 30;
  const from = options.from ?? addDays(utcMidnightToDay(Date.now() - (Date.now() % 86_400_000)), -days);
  const summaries: SimulationSummary[] = [];
  for (const [i, machine] of fleet.machines.entries()) {
    if (options.machineId !== undefined && machine.id !== options.machineId) continue;
    let db: pg.Client;
    try {
      db = await connectCreating(machine.source);
    } catch (err) {
      throw new EtlError(`machine ${machine.id}: cannot connect to its source DB to simulate: ${describeError(err)}`, { cause: err });
    }
    let kept = false;
    try {
      const { simulator, ...summary } = await simulateMachine(db, machine, {
        from,
        days,
        seed: (options.seed ?? 1) * 1000 + i,
        density: options.density,
        pattern: workPatternOf(i),
        until: options.until,
      });
      summaries.push(summary);
      options.onMachineDone?.(summary);
      if (options.keep) {
        options.keep(machine, simulator, db);
        kept = true;
      }
    } finally {
      if (!kept) await db.end();
    }
  }
  return summaries;
}
