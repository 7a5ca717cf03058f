import pg from 'pg';

export interface PoolOptions {
  /** Connections at most (default 10): the aggregation DB is shared with the ETL. */
  max?: number;
  /** Longest a query may run, in ms (default 5000). */
  statementTimeoutMs?: number;
}

/**
 * A bounded pool of read-only sessions: every transaction is read-only and every
 * statement has a timeout, so the API can neither write nor hog the database.
 */
export function createPool(databaseUrl: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max: options.max ?? 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
    application_name: 'spindle-server',
    options: `-c default_transaction_read_only=on -c statement_timeout=${options.statementTimeoutMs ?? 5000}`,
  });
  // An idle connection that dies (database restart) must not crash the process.
  pool.on('error', () => {});
  return pool;
}

const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '53300', // too_many_connections
]);

/** True when an error means the database cannot be reached right now (not a bug of ours). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && UNAVAILABLE_CODES.has(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|connect ECONNREFUSED|Client has encountered a connection error/i.test(e?.message ?? '');
}
