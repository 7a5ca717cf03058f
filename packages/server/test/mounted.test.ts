import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { createServer } from '../src/create-server.js';

// The README's portal use: the server's handler mounted under a path of a
// portal's own express app. Everything must hold there: the API, its links, and
// the pages with their redirects, scripts and the spec they load.
let data: ApiFixture;
let server: ReturnType<typeof createServer>;
let http: Server;
let base: string;

beforeAll(async () => {
  data = await startApi();
  server = createServer({ databaseUrl: data.databaseUrl, log: () => {} });
  const portal = express();
  portal.get('/', (_req, res) => res.send('the portal'));
  portal.use('/spindle', server.handler);
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

it('serves Swagger UI there: the redirect, its assets and the spec it loads stay under the mount path', async () => {
  const docs = await fetch(`${base}/spindle/docs`);
  expect(docs.url).toBe(`${base}/spindle/docs/`);
  const html = await docs.text();
  const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => new URL(m[1]!, docs.url).pathname);
  expect(assets.length).toBeGreaterThan(3);
  for (const path of assets) {
    expect(path.startsWith('/spindle/docs/'), path).toBe(true);
    expect((await fetch(`${base}${path}`)).status, path).toBe(200);
  }
  // The UI fetches the spec relative to its page.
  const spec = await fetch(new URL('./json', docs.url));
  expect(((await spec.json()) as { openapi: string }).openapi).toMatch(/^3\.1/);
});

it('serves the dashboard there: its scripts, styles and links, and the widgets talk to the API under the mount path', async () => {
  const html = await (await fetch(`${base}/spindle/`)).text();
  const links = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
  expect(links).toContain('/spindle/widgets/spindle-widgets.js');
  for (const link of links.filter((l) => l.startsWith('/'))) expect((await fetch(`${base}${link}`)).status, link).toBe(200);
  expect(html).toContain('<spindle-fleet id="fleet" refresh="10" api-url="/spindle">');
});
