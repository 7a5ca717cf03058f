import { addDays, utcMidnightToDay, type FleetConfig, type MachineConfig } from '@spindle/core';
import type pg from 'pg';
import { RowSink } from './row-sink.js';
import { simulateFleet, type SimulateFleetOptions } from './simulate-fleet.js';
import { sinkRows, type MachineSimulator, type SimulatedRow, type SimulationSummary } from './simulate-machine.js';

/** How far ahead a live machine plans its work: one block is one powered-on session. */
const BLOCK_MS = 4 * 3_600_000;

interface LiveMachine {
  machine: MachineConfig;
  simulator: MachineSimulator;
  db: pg.Client;
  /** Rows planned but not yet due, in time order. */
  pending: SimulatedRow[];
  /** Where the planned work ends. */
  plannedUntil: number;
}

/**
 * The living demo: a simulated history up to now, then machines that keep
 * logging as time passes. Every `append(now)` writes the rows that have come due
 * since the last one, so an ETL run every few seconds has something new to read.
 * While it lives, every machine is powered on (whatever its shift pattern), so a
 * visitor at night or on a weekend still sees the dashboard move.
 */
export class LiveFleet {
  private constructor(private readonly machines: LiveMachine[]) {}

  /** Simulates `options.days` days before today and today up to `now`, and keeps each machine's simulator going. */
  static async start(
    fleet: FleetConfig,
    options: Omit<SimulateFleetOptions, 'until' | 'keep' | 'from'> & { now?: number } = {},
  ): Promise<{ live: LiveFleet; summaries: SimulationSummary[] }> {
    const now = options.now ?? Date.now();
    const days = options.days ?? 30;
    const machines: LiveMachine[] = [];
    try {
      // The days before today and today itself, up to now.
      const summaries = await simulateFleet(fleet, {
        ...options,
        from: addDays(utcMidnightToDay(now - (now % 86_400_000)), -days),
        days: days + 1,
        until: now,
        keep: (machine, simulator, db) => machines.push({ machine, simulator, db, pending: [], plannedUntil: now }),
      });
      return { live: new LiveFleet(machines), summaries };
    } catch (err) {
      await Promise.all(machines.map((m) => m.db.end().catch(() => {})));
      throw err;
    }
  }

  /** Writes every row due before `now` into its machine's production DB; returns how many. */
  async append(now: number): Promise<number> {
    let written = 0;
    for (const m of this.machines) {
      while (m.plannedUntil <= now) {
        m.pending.push(...m.simulator.session(m.plannedUntil, m.plannedUntil + BLOCK_MS));
        m.plannedUntil += BLOCK_MS;
      }
      const due = m.pending.findIndex((r) => r.date >= now);
      const rows = m.pending.splice(0, due === -1 ? m.pending.length : due);
      if (rows.length === 0) continue;
      const sink = new RowSink(m.db);
      sinkRows(sink, rows);
      await sink.flush();
      written += rows.length;
    }
    return written;
  }

  async close(): Promise<void> {
    await Promise.all(this.machines.map((m) => m.db.end().catch(() => {})));
  }
}
