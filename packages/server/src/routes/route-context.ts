import type { ServerResponse } from 'node:http';
import type { ApiRequest } from '../contract/operation-router.js';
import type pg from 'pg';
import type { DatabaseHealth } from '../db/database-health.js';
import type { MachineDirectory, ServedMachine } from '../db/machine-record.js';
import { notFound } from '../respond/http-error.js';

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
  /** Sets the validators of an answer that reads `machines`, and answers 304 when the client's copy is current. */
  unchanged(req: ApiRequest, res: ServerResponse, machines: readonly ServedMachine[]): boolean;
}

/** The machine a path names, or 404 naming the id. */
export async function machineOf(ctx: RouteContext, id: string): Promise<ServedMachine> {
  const machine = await ctx.machines.find(id);
  if (!machine) throw notFound(`no machine "${id}"; GET /api/v1/machines lists them`);
  return machine;
}
