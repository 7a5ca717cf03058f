import type pg from 'pg';
import type { MachineDirectory } from '../db/machine-record.js';

/** What every handler needs: the read-only pool, the served machines, the limits. */
export interface RouteContext {
  db: pg.Pool;
  machines: MachineDirectory;
  maxDays: number;
  cacheSeconds: number;
}
