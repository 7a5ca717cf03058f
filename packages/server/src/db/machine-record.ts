import { createHash } from 'node:crypto';
import { MachineCalendar, type FleetConfig, type MachineConfig } from '@spindle/core';
import type pg from 'pg';

/** A served machine: its configuration (never its source), calendar and covered days. */
export interface ServedMachine {
  id: string;
  name: string;
  config: Omit<MachineConfig, 'source'>;
  calendar: MachineCalendar;
  firstDay: string | null;
  lastDay: string | null;
  /** When the ETL last committed a run of this machine: its data cannot have changed since. */
  updatedAt: Date | null;
  /** The instant the machine's data is complete through (metrics.md §3), or null before its first run. */
  watermark: Date | null;
  /** Changes whenever what the API answers about this machine can: a committed run, or its configuration. */
  version: string;
}

interface Row {
  machine_id: string;
  name: string;
  config: Omit<MachineConfig, 'source'>;
  first_day: string | null;
  last_day: string | null;
  updated_at: Date | null;
  watermark: Date | null;
}

// Machine configs change only when the ETL runs or the server restarts; reading
// them once per second at most saves a round trip on every request.
const CACHE_MS = 1000;

/**
 * The machines the API serves. With a fleet config, exactly its machines (a new
 * one is listed before the ETL has run it); without, those the ETL has written,
 * with the configuration each run stored.
 */
export class MachineDirectory {
  private cached: { at: number; machines: Promise<ServedMachine[]> } | null = null;

  constructor(
    private readonly db: pg.Pool,
    private readonly fleet: FleetConfig | null = null,
  ) {}

  list(): Promise<ServedMachine[]> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.machines;
    const machines = this.load();
    this.cached = { at: Date.now(), machines };
    machines.catch(() => {
      if (this.cached?.machines === machines) this.cached = null;
    });
    return machines;
  }

  /** Forgets what was read: the next call reads the database (a machine's data was just committed). */
  invalidate(): void {
    this.cached = null;
  }

  /** One machine, or undefined when the fleet has no such id. */
  async find(id: string): Promise<ServedMachine | undefined> {
    return (await this.list()).find((m) => m.id === id);
  }

  private async load(): Promise<ServedMachine[]> {
    const { rows } = await this.db.query<Row>(
      `SELECT machine_id, name, config, first_day::text AS first_day, last_day::text AS last_day, updated_at, watermark FROM spindle_machine ORDER BY machine_id`,
    );
    const stored = new Map(rows.map((r) => [r.machine_id, r]));
    const configs = this.fleet
      ? this.fleet.machines.map(({ source: _source, ...config }) => config).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      : rows.map((r) => ({ ...r.config, id: r.machine_id, name: r.name }));
    return configs.map((config) => {
      const updatedAt = stored.get(config.id)?.updated_at ?? null;
      return {
        id: config.id,
        name: config.name,
        config,
        calendar: MachineCalendar.of(config),
        firstDay: stored.get(config.id)?.first_day ?? null,
        lastDay: stored.get(config.id)?.last_day ?? null,
        updatedAt,
        watermark: stored.get(config.id)?.watermark ?? null,
        version: `${updatedAt?.getTime() ?? 'never'}:${createHash('sha1').update(JSON.stringify(config)).digest('base64url')}`,
      };
    });
  }
}
