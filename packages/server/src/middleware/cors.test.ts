import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cors } from './cors.js';

let base: string;
let close: () => void;
beforeAll(async () => {
  const answered = cors({ origins: ['https://portal.example'], headers: ['X-Portal-Trace'] });
  const server = createServer((req, res) => {
    if (!answered(req, res)) res.end('ok');
  }).listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

describe('cors', () => {
  it("answers an allowed origin's preflight with the credential headers and the configured ones", async () => {
    const res = await fetch(`${base}/x`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://portal.example', 'Access-Control-Request-Headers': 'x-api-key' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://portal.example');
    expect(res.headers.get('access-control-allow-headers')).toBe(
      'Accept, Authorization, Content-Type, If-None-Match, If-Modified-Since, X-API-Key, X-Portal-Trace',
    );
    expect(res.headers.get('vary')).toContain('Origin');
  });

  it('grants nothing to another origin, and leaves same-origin requests alone', async () => {
    const preflight = await fetch(`${base}/x`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    const plain = await fetch(`${base}/x`);
    expect([plain.status, plain.headers.get('access-control-allow-origin')]).toEqual([200, null]);
    const allowed = await fetch(`${base}/x`, { headers: { Origin: 'https://portal.example' } });
    expect(allowed.headers.get('access-control-expose-headers')).toBe('ETag, Last-Modified, Link, Retry-After');
  });
});
