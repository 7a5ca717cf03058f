import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type SpindleServer } from './create-server.js';

// HTTP semantics of the pipeline, in process (fastify's inject): no socket, and
// no database either, which these stages never reach.
let server: SpindleServer;
beforeAll(async () => {
  server = createServer({
    databaseUrl: 'postgres://spindle@127.0.0.1:1/nowhere',
    corsOrigins: ['https://portal.example'],
    corsHeaders: ['X-Portal-Trace'],
    log: () => {},
    dashboard: false,
  });
  await server.ready();
});
afterAll(() => server.close());

describe('CORS', () => {
  it("answers an allowed origin's preflight with the credential headers and the configured ones", async () => {
    const res = await server.fastify.inject({
      method: 'OPTIONS',
      url: '/api/v1/machines',
      headers: { Origin: 'https://portal.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'x-api-key' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('https://portal.example');
    expect(res.headers['access-control-allow-headers']).toBe(
      'Accept, Authorization, Content-Type, If-None-Match, If-Modified-Since, X-API-Key, X-Portal-Trace',
    );
    expect(res.headers.vary).toContain('Origin');
  });

  it('grants nothing to another origin, and leaves same-origin requests alone', async () => {
    const preflight = await server.fastify.inject({
      method: 'OPTIONS',
      url: '/api/v1/machines',
      headers: { Origin: 'https://evil.example' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-headers']).toBeUndefined();
    const plain = await server.fastify.inject({ url: '/healthz' });
    expect([plain.statusCode, plain.headers['access-control-allow-origin']]).toEqual([200, undefined]);
    const allowed = await server.fastify.inject({ url: '/healthz', headers: { Origin: 'https://portal.example' } });
    expect(allowed.headers['access-control-expose-headers']).toBe('ETag, Last-Modified, Link, Retry-After, Spindle-Watermark');
  });
});

describe('paths', () => {
  it.each(['%ZZ', '%', '%E0%A4%A', '%c0%ae%c0%ae'])(
    'refuses the escape %s with 400 naming the path, before anything decodes it',
    async (seg) => {
      const res = await server.fastify.inject({ url: `/api/v1/machines/${seg}/energy?from=2024-03-26` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({
        detail: 'the path is not valid percent-encoded UTF-8',
        errors: [{ name: 'path', in: 'path' }],
      });
    },
  );

  it('passes valid escapes on, decoded, to the stages after it', async () => {
    // The database stage is reached (and answers 503, there being none): the path was fine.
    const res = await server.fastify.inject({ url: '/api/v1/machines/caf%C3%A9/energy?from=2024-03-26' });
    expect(res.statusCode).toBe(503);
  });

  it('matches exactly as spelled: no case folding, no trailing or doubled slash, no `;` parameters', async () => {
    for (const url of ['/HEALTHZ', '/healthz/', '//healthz', '/healthz;x=1']) {
      expect((await server.fastify.inject({ url })).statusCode, url).toBe(404);
    }
    expect((await server.fastify.inject({ url: '/healthz' })).statusCode).toBe(200);
  });

  it('answers a spec path asked with another method 405 naming the methods it has', async () => {
    const res = await server.fastify.inject({ method: 'DELETE', url: '/healthz' });
    expect([res.statusCode, res.headers.allow, res.json().title]).toEqual([405, 'GET', 'Method not allowed']);
  });
});
