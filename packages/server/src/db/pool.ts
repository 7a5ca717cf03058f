import pg from 'pg';

export interface PoolOptions {
  /** Connections at most (default 10): the aggregation DB is shared with the ETL. */
  max?: number;
  /**
   * Longest a database conversation may take, in ms (default 5000): a query, and
   * the wait for a connection. Enforced by the server (statement_timeout) and by
   * the client too, since a frozen or partitioned server enforces nothing.
   */
  statementTimeoutMs?: number;
}

/**
 * The connection string with `ours` after whatever `?options=` it carries: pg
 * lets a URL's options replace the config's, and PostgreSQL takes the last of a
 * repeated `-c`, so no connection string can turn read-only or the timeout off.
 */
function withOurOptions(databaseUrl: string, ours: string): { connectionString: string; options?: string } {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return { connectionString: databaseUrl, options: ours };
  }
  const theirs = url.searchParams.get('options');
  url.searchParams.delete('options');
  return { connectionString: url.toString(), options: theirs ? `${theirs} ${ours}` : ours };
}

/**
 * A bounded pool of read-only sessions: every transaction is read-only and every
 * statement has a timeout, so the API can neither write nor hog the database.
 */
export function createPool(databaseUrl: string, options: PoolOptions = {}): pg.Pool {
  const limit = options.statementTimeoutMs ?? 5000;
  const pool = new pg.Pool({
    ...withOurOptions(databaseUrl, `-c default_transaction_read_only=on -c statement_timeout=${Math.round(limit)}`),
    max: options.max ?? 10,
    connectionTimeoutMillis: Math.min(3000, limit),
    idleTimeoutMillis: 30_000,
    // Client side: a query without an answer fails, and the pool drops its connection.
    query_timeout: limit,
    keepAlive: true,
    application_name: 'spindle-server',
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
  '57014', // query_canceled: statement_timeout, the database too slow right now
]);

/** True when an error means the database cannot be reached, or did not answer in time, right now (not a bug of ours). */
export function isUnavailable(err: unknown): boolean {
  const e = err as { code?: string; message?: string };
  if (e?.code && UNAVAILABLE_CODES.has(e.code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Query read timeout|connect ECONNREFUSED|Client has encountered a connection error/i.test(
    e?.message ?? '',
  );
}

/** True when a query named a table or column the database lacks: its schema was altered or never migrated. */
export function isSchemaMismatch(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === '42P01' || code === '42703';
}
