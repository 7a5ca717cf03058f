import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { open } from '@spindle/test-kit/postgres';
import { createServer } from '../src/create-server.js';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const URL_ = '/api/v1/machines/2207/states?from=2024-03-26&to=2024-03-28';
let data: ApiFixture;
let pool: pg.Pool;
const queries: string[] = [];
let base: string;
let close: () => Promise<void>;

beforeAll(async () => {
  data = await startApi();
  // A real pool, watched: every statement the server sends is recorded.
  pool = new pg.Pool({ connectionString: data.databaseUrl, max: 4 });
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    queries.push(String(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text));
    return query(...args);
  };
  const server = createServer({ pool, log: () => {} });
  const http = createHttpServer(server.handler);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  close = async () => {
    await new Promise((r) => http.close(r));
    await pool.end();
  };
});
afterAll(async () => {
  await close();
  await data.close();
});

it('answers a matching If-None-Match with 304 without reading any data table', async () => {
  const first = await fetch(`${base}${URL_}`);
  const etag = first.headers.get('etag')!;
  expect(first.status).toBe(200);
  expect(first.headers.get('last-modified')).toMatch(/GMT$/);
  await new Promise((r) => setTimeout(r, 1100)); // past the machine directory's one-second cache
  queries.length = 0;
  const again = await fetch(`${base}${URL_}`, { headers: { 'If-None-Match': etag } });
  expect(again.status).toBe(304);
  expect(queries.filter((q) => /state_interval|utilization|energy_hour|sensor_hour|alarm_/.test(q))).toEqual([]);
  expect(queries.length).toBeLessThanOrEqual(1); // at most the machine directory, once a second
  const since = await fetch(`${base}${URL_}`, { headers: { 'If-Modified-Since': first.headers.get('last-modified')! } });
  expect(since.status).toBe(304);
});

it('gives the same request the same tag from another server process, and a new one once the ETL commits the machine', async () => {
  const here = (await fetch(`${base}${URL_}`)).headers.get('etag');
  const elsewhere = (await fetch(`${data.base}${URL_}`)).headers.get('etag');
  expect(elsewhere).toBe(here);
  expect((await fetch(`${base}${URL_.replace('?', '.csv?')}`)).headers.get('etag')).not.toBe(here);
  // What a committed run does to the machine's record.
  const db = await open(data.databaseUrl);
  await db.query(`UPDATE spindle_machine SET updated_at = now() + interval '1 second' WHERE machine_id = '2207'`);
  await db.end();
  await new Promise((r) => setTimeout(r, 1100));
  const after = await fetch(`${base}${URL_}`, { headers: { 'If-None-Match': here! } });
  expect(after.status).toBe(200);
  expect(after.headers.get('etag')).not.toBe(here);
  // Another machine's data did not change: its tag stands.
  expect((await fetch(`${base}/api/v1/machines/5001/states?from=2024-03-26`)).headers.get('etag')).toBe(
    (await fetch(`${data.base}/api/v1/machines/5001/states?from=2024-03-26`)).headers.get('etag'),
  );
});
