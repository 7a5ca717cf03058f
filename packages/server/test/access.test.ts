import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEmbedToken } from '../src/access/embed-token.js';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const SECRET = 'test-secret';
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;

describe('optional access control', () => {
  let open: ApiFixture;
  let api: ApiFixture;
  beforeAll(async () => {
    open = await startApi();
    api = await startApi({ apiKeys: ['key-1'], tokenSecret: SECRET, requestsPerMinute: 8 }, { databaseUrl: open.databaseUrl });
  });
  afterAll(async () => {
    await api.close();
    await open.close();
  });

  it('is off by default', async () => {
    expect((await open.get('/api/v1/machines')).status).toBe(200);
  });

  it('answers 401 without credentials or with an unknown key, but not on health checks', async () => {
    const none = await api.get('/api/v1/machines');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toContain('Bearer');
    expect((await api.get('/api/v1/machines', { 'X-API-Key': 'nope' })).status).toBe(401);
    expect((await api.get('/healthz')).status).toBe(200);
    expect((await api.get('/openapi.yaml')).status).toBe(200);
  });

  it('opens every machine to an API key, as header or Bearer', async () => {
    expect((await api.get('/api/v1/machines', { 'X-API-Key': 'key-1' })).json.items).toHaveLength(2);
    expect((await api.get('/api/v1/machines/2207/energy?from=2024-03-26', { Authorization: 'Bearer key-1' })).status).toBe(200);
  });

  it('opens only the listed machines to an embed token', async () => {
    const auth = { Authorization: `Bearer ${signEmbedToken({ exp: inAnHour(), machines: ['5001'], sub: 'portal-a' }, SECRET)}` };
    expect((await api.get('/api/v1/machines', auth)).json.items.map((m: any) => m.id)).toEqual(['5001']);
    expect((await api.get('/api/v1/fleet/utilization?from=2024-03-26', auth)).json.items.map((m: any) => m.machineId)).toEqual(['5001']);
    expect((await api.get('/api/v1/machines/5001/energy?from=2024-03-26', auth)).status).toBe(200);
    const other = await api.get('/api/v1/machines/2207/energy?from=2024-03-26', auth);
    expect(other.status).toBe(403);
    expect(other.json.detail).toContain('"2207"');
  });

  it('refuses expired, tampered and foreign tokens', async () => {
    const expired = signEmbedToken({ exp: Math.floor(Date.now() / 1000) - 1, machines: ['5001'] }, SECRET);
    const r1 = await api.get('/api/v1/machines', { Authorization: `Bearer ${expired}` });
    expect(r1.status).toBe(401);
    expect(r1.json.detail).toContain('expired');
    const good = signEmbedToken({ exp: inAnHour(), machines: ['5001'] }, SECRET);
    const [h, , s] = good.split('.');
    const widened = `${h}.${Buffer.from(JSON.stringify({ exp: inAnHour(), machines: ['5001', '2207'] })).toString('base64url')}.${s}`;
    expect((await api.get('/api/v1/machines', { Authorization: `Bearer ${widened}` })).json.detail).toContain('bad signature');
    const foreign = signEmbedToken({ exp: inAnHour(), machines: ['5001'] }, 'another-secret');
    expect((await api.get('/api/v1/machines', { Authorization: `Bearer ${foreign}` })).status).toBe(401);
  });

  it('answers 429 with Retry-After past the per-credential rate limit', async () => {
    const auth = { Authorization: `Bearer ${signEmbedToken({ exp: inAnHour(), machines: ['5001'], sub: 'busy-portal' }, SECRET)}` };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await api.get('/api/v1/machines', auth)).status);
    expect(statuses.slice(0, 8).every((s) => s === 200)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    const limited = await api.get('/api/v1/machines', auth);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another credential has its own budget.
    expect((await api.get('/api/v1/machines', { 'X-API-Key': 'key-1' })).status).toBe(200);
  });

  it("counts failed attempts per X-Forwarded-For address only behind a trusted proxy (trust proxy 'loopback')", async () => {
    const fail = (a: ApiFixture, client: string) => a.get('/api/v1/machines', { 'X-API-Key': 'guess', 'X-Forwarded-For': client });
    const ok = (a: ApiFixture, client: string) => a.get('/api/v1/machines', { 'X-API-Key': 'key-1', 'X-Forwarded-For': client });
    const options = { apiKeys: ['key-1'], authFailuresPerMinute: 2 };
    const proxied = await startApi({ ...options, trustProxy: 'loopback' }, { databaseUrl: open.databaseUrl });
    const direct = await startApi(options, { databaseUrl: open.databaseUrl });
    try {
      for (const a of [proxied, direct]) {
        await fail(a, '203.0.113.1');
        await fail(a, '203.0.113.1');
      }
      // Behind the proxy the guesser is blocked, another client is not.
      expect([(await ok(proxied, '203.0.113.1')).status, (await ok(proxied, '203.0.113.2')).status]).toEqual([429, 200]);
      // Without it the header is the client's word: every request comes from the socket's address, now blocked.
      expect((await ok(direct, '203.0.113.2')).status).toBe(429);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });
});
