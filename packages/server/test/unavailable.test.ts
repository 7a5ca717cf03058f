import { createServer, type Server, type Socket, connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

/** A TCP relay to PostgreSQL that the test can cut and restore, as a database outage would. */
class Relay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((r) => this.server!.listen(this.port, '127.0.0.1', r));
    this.port = (this.server.address() as { port: number }).port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise((r) => this.server?.close(r));
  }
}

let direct: ApiFixture;
let api: ApiFixture;
let relay: Relay;

beforeAll(async () => {
  direct = await startApi();
  const url = new URL(direct.databaseUrl);
  relay = new Relay({ host: url.hostname, port: Number(url.port || 5432) });
  await relay.up();
  url.port = String(relay.port);
  api = await startApi({}, { databaseUrl: url.toString() });
});
afterAll(async () => {
  await api.close();
  await relay.down();
  await direct.close();
});

it('answers 503 with Retry-After while the database is down, and recovers without a restart', async () => {
  const path = '/api/v1/machines/2207/energy?from=2024-03-26';
  expect((await api.get(path)).status).toBe(200);

  await relay.down();
  await new Promise((r) => setTimeout(r, 1100)); // past the one-second cache of machine configs
  for (const p of [path, '/api/v1/machines', '/readyz']) {
    const res = await api.get(p);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(res.json.title).toBe('Service unavailable');
  }
  expect((await api.get('/healthz')).status).toBe(200); // alive, just not ready

  await relay.up();
  expect((await api.get(path)).status).toBe(200);
  expect((await api.get('/readyz')).status).toBe(200);
}, 60_000);
