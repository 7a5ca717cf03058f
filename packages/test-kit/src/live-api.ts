import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type FleetConfig, runFleet } from '@spindle/etl';
import { LiveFleet } from '@spindle/etl/simulate';
import { createGuardedServer, createServer, type ServerOptions } from '@spindle/server';
import { createFleetDatabases } from './fleet-databases.js';

export interface LiveApi {
  base: string;
  databaseUrl: string;
  fleet: FleetConfig;
  /**
   * The machines log what came due up to now, and the ETL runs over them: a
   * commit per machine with new rows. Resolves once committed, with that instant.
   */
  commit(): Promise<{ rows: number; committedAt: number }>;
  close(): Promise<void>;
}

/** Two machines logging up to now (the living demo's simulator), the ETL over them, the server on a free port. */
export async function startLiveApi(options: Partial<ServerOptions> = {}): Promise<LiveApi> {
  const { databaseUrl, fleet, drop } = await createFleetDatabases('spindle_live');
  const { live } = await LiveFleet.start(fleet, { days: 1, density: 1, seed: 11 });
  const run = () => runFleet(fleet, { databaseUrl, mode: { kind: 'run' } });
  await run();
  const server = createServer({ databaseUrl, log: () => {}, ...options });
  await server.ready();
  const http: Server = createGuardedServer(server.handler);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    base: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    databaseUrl,
    fleet,
    async commit() {
      const rows = await live.append(Date.now());
      await run();
      return { rows, committedAt: Date.now() };
    },
    async close() {
      http.closeAllConnections();
      await new Promise((r) => http.close(r));
      await server.close();
      await live.close();
      await drop();
    },
  };
}
