import type { ClientConfig, CustomTypesConfig } from 'pg';
import pg from 'pg';
import { describeDatabase } from '@spindle/core/store';
import { EtlError, describeError } from '../errors.js';
import { watchConnection } from './connection-watchdog.js';

const INT8_OID = 20;

/** bigint epoch milliseconds fit a double exactly; read them as numbers, not text. */
export const numericTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
};

/**
 * Makes a client the caller opened read bigint (int8) as numbers, as every
 * connection of this library does: the logs' epoch-millisecond dates are bigint.
 */
export function readBigintAsNumber(client: pg.Client): pg.Client {
  client.setTypeParser(INT8_OID, 'text', (v: string) => Number(v));
  return client;
}

export interface ConnectOptions extends ClientConfig {
  /** Time limit of the connection attempt and of every answer, in ms (see watchConnection); none when absent. */
  timeoutMs?: number;
  /** What the database is, for messages: "the aggregation DB". */
  what?: string;
}

/**
 * Opens a pg client with bigint-as-number parsing and an application name. A
 * failure to connect names the database (never its password) as an EtlError.
 */
export async function connect(connectionString: string, applicationName: string, extra: ConnectOptions = {}): Promise<pg.Client> {
  const { timeoutMs, what: role = 'the database', ...config } = extra;
  const what = `${role} (${describeDatabase(connectionString)})`;
  const client = new pg.Client({
    connectionString,
    types: numericTypes,
    application_name: applicationName,
    keepAlive: true,
    connectionTimeoutMillis: timeoutMs,
    ...config,
  });
  // A dropped connection emits 'error' on the client; the pending query rejects on its own.
  client.on('error', () => {});
  try {
    await client.connect();
  } catch (err) {
    throw new EtlError(`cannot connect to ${what}: ${describeError(err)}`, { cause: err });
  }
  if (timeoutMs !== undefined) watchConnection(client, timeoutMs, what);
  return client;
}

/** Ends a client, and drops its socket if the server does not say goodbye within a second (a frozen one never does). */
export async function closeClient(client: pg.Client): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const dropped = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      client.connection.stream.destroy();
      resolve();
    }, 1000);
  });
  await Promise.race([client.end().catch(() => {}), dropped]);
  clearTimeout(timer);
}

/** True once pg's socket of this client is gone: every later query fails with "connection error". */
export function isBroken(client: pg.Client): boolean {
  return (client as unknown as { connection?: { stream?: { destroyed?: boolean } } }).connection?.stream?.destroyed === true;
}

/** `host:port/database` of a client, for messages. */
export const clientDatabase = (client: pg.Client) => `${client.host}:${client.port}/${client.database}`;
