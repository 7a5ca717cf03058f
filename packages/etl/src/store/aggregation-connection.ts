import type pg from 'pg';
import { connect } from '../postgres/connect.js';

/** Default time limit of every aggregation DB answer during a run. */
export const DEFAULT_TARGET_TIMEOUT_SECONDS = 120;

/**
 * A connection to the aggregation DB for runs: every answer within the time limit
 * (else the run fails and its lock goes with the connection), and keepalives the
 * server sends, so a run whose host is lost is rolled back, and its machine's
 * lock released, about two minutes later rather than after the kernel's two hours.
 */
export function connectAggregation(
  databaseUrl: string,
  applicationName: string,
  timeoutSeconds = DEFAULT_TARGET_TIMEOUT_SECONDS,
): Promise<pg.Client> {
  return connect(databaseUrl, applicationName, {
    what: 'the aggregation DB',
    timeoutMs: timeoutSeconds * 1000,
    options: '-c tcp_keepalives_idle=60 -c tcp_keepalives_interval=10 -c tcp_keepalives_count=6',
  });
}
