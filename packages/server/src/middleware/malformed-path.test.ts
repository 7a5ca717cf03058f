import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { HttpError } from '../respond/http-error.js';
import { rejectMalformedPath } from './malformed-path.js';

let base: string;
let close: () => void;
beforeAll(async () => {
  const server = createServer((req, res) => {
    try {
      rejectMalformedPath(req.url!);
      res.end(decodeURIComponent(req.url!));
    } catch (err) {
      res.statusCode = err instanceof HttpError ? err.status : 500;
      res.end((err as Error).message);
    }
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

it.each(['/a/%ZZ/b', '/a/%', '/a/%E0%A4%A', '/%c0%ae%c0%ae/x'])('refuses %s with 400 before anything decodes it', async (path) => {
  const res = await fetch(`${base}${path}`);
  expect([res.status, await res.text()]).toEqual([400, 'the path is not valid percent-encoded UTF-8']);
});

it.each([
  ['/a/%20b', '/a/ b'],
  ['/caf%C3%A9', '/café'],
])('passes %s on', async (path, decoded) => {
  expect(await (await fetch(`${base}${path}`)).text()).toBe(decoded);
});
