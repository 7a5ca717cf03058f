import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { runFleet } from '@spindle/etl';
import { simulateFleet } from '@spindle/etl/simulate';
import { createFleetDatabases } from './fleet-databases.js';
import { type ConnectionLimits, createGuardedServer, createServer, type ServerOptions } from '@spindle/server';
import { validateResponse } from './spec-validator.js';

export interface ApiFixture {
  base: string;
  databaseUrl: string;
  /** GET through real HTTP; fails the test when the response contradicts openapi.yaml. */
  get(path: string, headers?: Record<string, string>): Promise<{ status: number; headers: Headers; body: string; json: any }>;
  close(): Promise<void>;
}

/** Simulated production data for two machines, the real ETL over it, and the server on a free port. */
export async function startApi(
  options: Partial<ServerOptions> = {},
  existing?: { databaseUrl: string },
  limits: ConnectionLimits = {},
): Promise<ApiFixture> {
  const drops: (() => Promise<void>)[] = [];
  let databaseUrl = existing?.databaseUrl;
  if (!databaseUrl) {
    const dbs = await createFleetDatabases('spindle_api');
    drops.push(dbs.drop);
    databaseUrl = dbs.databaseUrl;
    await simulateFleet(dbs.fleet, { from: '2024-03-25', days: 9, density: 0.2, seed: 3 });
    await runFleet(dbs.fleet, { databaseUrl, mode: { kind: 'run' } });
  }
  const server = createServer({ databaseUrl, log: () => {}, ...options });
  const http: Server = createGuardedServer(server.handler, limits);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  return {
    base,
    databaseUrl,
    async get(path, headers = {}) {
      // Redirects are answers of their own, checked against the spec like any other.
      const res = await fetch(`${base}${path}`, { headers, redirect: 'manual' });
      const body = await res.text();
      const problems = validateResponse('GET', path, { status: res.status, headers: res.headers, body });
      if (problems.length > 0)
        throw new Error(`GET ${path} → ${res.status} contradicts openapi.yaml:\n  ${problems.join('\n  ')}\n${body.slice(0, 500)}`);
      const json = (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(body) : undefined;
      return { status: res.status, headers: res.headers, body, json };
    },
    async close() {
      await new Promise((r) => http.close(r));
      await server.close();
      for (const drop of drops) await drop();
    },
  };
}
