import type pg from 'pg';
import type { DatabaseHealth } from '../db/database-health.js';
import type { MachineDirectory, ServedMachine } from '../db/machine-record.js';
import { notFound } from '../http/http-error.js';

/** What every handler needs: the read-only pool, the served machines, the limits. */
export interface RouteContext {
  db: pg.Pool;
  machines: MachineDirectory;
  maxDays: number;
  cacheSeconds: number;
  /** Whether the aggregation DB can serve the API, and if not why. */
  health: DatabaseHealth;
  /** True when every answer may tell where the aggregation DB is (access control off). */
  openAccess: boolean;
  /** The server's version and spec, part of every validator: answers change with them too. */
  build: string;
}

/** The machine a path names, or 404 naming the id. */
export async function machineOf(ctx: RouteContext, id: string): Promise<ServedMachine> {
  const machine = await ctx.machines.find(id);
  if (!machine) throw notFound(`no machine "${id}"; GET /api/v1/machines lists them`);
  return machine;
}
