import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { createServer } from '../src/create-server.js';

// The README's library use: `app.listen()`, or the app mounted under a path of a
// portal's own express server. The API's operations run on plain node:http, so
// this checks that the express wrapper hands them every request, mount path included.
let data: ApiFixture;
let server: ReturnType<typeof createServer>;
let http: Server;
let base: string;

beforeAll(async () => {
  data = await startApi();
  server = createServer({ databaseUrl: data.databaseUrl, log: () => {} });
  const portal = express();
  portal.get('/', (_req, res) => res.send('the portal'));
  portal.use('/spindle', server.app);
  http = portal.listen(0, '127.0.0.1');
  await new Promise((r) => http.once('listening', r));
  base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => http.close(r));
  await server.close();
  await data.close();
});

it('serves the API, its pages and its errors under the mount path of an express app', async () => {
  const machines = await fetch(`${base}/spindle/api/v1/machines`);
  expect(machines.status).toBe(200);
  expect(((await machines.json()) as { items: { id: string }[] }).items.map((m) => m.id)).toEqual(['2207', '5001']);
  const spec = await fetch(`${base}/spindle/openapi.yaml`);
  expect([spec.status, (await spec.text()).startsWith('openapi:')]).toEqual([200, true]);
  const missing = await fetch(`${base}/spindle/api/v1/nothing`);
  expect([missing.status, missing.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
  expect(await (await fetch(`${base}/`)).text()).toBe('the portal');
});

it('links within the mount path: the next page of alerts and the CSV redirect', async () => {
  const page = await fetch(`${base}/spindle/api/v1/machines/2207/alerts?from=2024-03-25&to=2024-04-02&limit=1`);
  expect(page.status).toBe(200);
  expect(((await page.json()) as { next: string }).next).toMatch(/^\/spindle\/api\/v1\/machines\/2207\/alerts\?.*cursor=/);
  const csv = await fetch(`${base}/spindle/api/v1/machines/2207/energy?from=2024-03-26&format=csv`, { redirect: 'manual' });
  expect([csv.status, csv.headers.get('location')]).toEqual([303, '/spindle/api/v1/machines/2207/energy.csv?from=2024-03-26']);
});
