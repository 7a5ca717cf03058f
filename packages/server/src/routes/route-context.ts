import type pg from 'pg';

/** What every handler needs: the read-only pool and the server's limits. */
export interface RouteContext {
  db: pg.Pool;
  maxDays: number;
  cacheSeconds: number;
}
