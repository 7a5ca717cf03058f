import type { ClientConfig, CustomTypesConfig } from 'pg';
import pg from 'pg';

const INT8_OID = 20;

/** bigint epoch milliseconds fit a double exactly; read them as numbers, not text. */
export const numericTypes: CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as CustomTypesConfig['getTypeParser'],
};

/** The pieces of node-postgres this library uses, so callers can pass their own. */
export interface Queryable {
  query<R = Record<string, unknown>>(
    text: string,
    values?: unknown[],
  ): Promise<{ rows: R[]; rowCount: number | null }>;
}

/** Opens a pg client with bigint-as-number parsing and an application name. */
export async function connect(connectionString: string, applicationName: string, extra: ClientConfig = {}): Promise<pg.Client> {
  const client = new pg.Client({ connectionString, types: numericTypes, application_name: applicationName, ...extra });
  // A dropped connection emits 'error' on the client; the pending query rejects on its own.
  client.on('error', () => {});
  await client.connect();
  return client;
}
