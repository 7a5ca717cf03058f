import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEmbedToken } from '../src/access/embed-token.js';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { open as openDb } from '@spindle/test-kit/postgres';

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
    const fail = (a: ApiFixture, client: string, key = 'guess') =>
      a.get('/api/v1/machines', { 'X-API-Key': key, 'X-Forwarded-For': client });
    const ok = (a: ApiFixture, client: string) => a.get('/api/v1/machines', { 'X-API-Key': 'key-1', 'X-Forwarded-For': client });
    const options = { apiKeys: ['key-1'], authFailuresPerMinute: 2 };
    const proxied = await startApi({ ...options, trustProxy: 'loopback' }, { databaseUrl: open.databaseUrl });
    const direct = await startApi(options, { databaseUrl: open.databaseUrl });
    try {
      for (const a of [proxied, direct]) {
        await fail(a, '203.0.113.1', 'guess-a');
        await fail(a, '203.0.113.1', 'guess-b');
      }
      // Behind the proxy the guesser is throttled, another client is not.
      expect([(await fail(proxied, '203.0.113.1', 'guess-c')).status, (await fail(proxied, '203.0.113.2', 'guess-c')).status]).toEqual([
        429, 401,
      ]);
      // Without it the header is the client's word: every request comes from the socket's address, now throttled.
      expect((await fail(direct, '203.0.113.2', 'guess-c')).status).toBe(429);
      // Either way the right key is served, from the throttled address too.
      for (const a of [proxied, direct]) expect((await ok(a, '203.0.113.1')).status).toBe(200);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });

  it('throttles a guesser that forges a new X-Forwarded-For each time, through the proxy it comes by', async () => {
    const proxied = await startApi(
      { apiKeys: ['key-1'], authFailuresPerMinute: 2, trustProxy: 'loopback' },
      { databaseUrl: open.databaseUrl },
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        statuses.push((await proxied.get('/api/v1/machines', { 'X-API-Key': `guess-${i}`, 'X-Forwarded-For': `198.51.100.${i}` })).status);
      }
      // Two per address and twenty per proxy a minute: the rotation buys 20, not 60.
      expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
      expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
      // The spoofed addresses' owners, and everyone else, still get in with the right key.
      expect((await proxied.get('/api/v1/machines', { 'X-API-Key': 'key-1', 'X-Forwarded-For': '198.51.100.3' })).status).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  it('throttles one wrong credential presented again and again, from any address', async () => {
    const limited = await startApi(
      { apiKeys: ['key-1'], authFailuresPerMinute: 3, trustProxy: 'loopback' },
      { databaseUrl: open.databaseUrl },
    );
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await limited.get('/api/v1/machines', { 'X-API-Key': 'stale-key', 'X-Forwarded-For': `192.0.2.${i}` })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('does not count an expired token of ours as a failed attempt', async () => {
    const limited = await startApi({ tokenSecret: SECRET, authFailuresPerMinute: 2 }, { databaseUrl: open.databaseUrl });
    try {
      const expired = signEmbedToken({ exp: Math.floor(Date.now() / 1000) - 1, machines: ['5001'] }, SECRET);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await limited.get('/api/v1/machines', { Authorization: `Bearer ${expired}` })).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
    } finally {
      await limited.close();
    }
  });

  it('matches the Authorization scheme case-insensitively (RFC 9110 §11.1)', async () => {
    const roomy = await startApi({ apiKeys: ['key-1'] }, { databaseUrl: open.databaseUrl });
    try {
      for (const scheme of ['bearer', 'BEARER', 'Bearer', 'bEaReR']) {
        expect((await roomy.get('/api/v1/machines', { Authorization: `${scheme} key-1` })).status, scheme).toBe(200);
      }
      expect((await roomy.get('/api/v1/machines', { Authorization: 'Basic a2V5LTE=' })).status).toBe(401);
    } finally {
      await roomy.close();
    }
  });

  it('keeps /metrics and the run errors of /api/v1/status, which name databases, from embed tokens', async () => {
    const error = 'cannot connect to the production DB of machine 5001 (db.plant:5432/cnc): password authentication failed for user "etl"';
    const db = await openDb(open.databaseUrl);
    await db.query(
      `INSERT INTO spindle_run (machine_id, kind, started_at, finished_at, status, error) VALUES ('5001', 'run', now(), now(), 'failed', $1)`,
      [error],
    );
    const roomy = await startApi({ apiKeys: ['key-1'], tokenSecret: SECRET }, { databaseUrl: open.databaseUrl });
    try {
      const auth = { Authorization: `Bearer ${signEmbedToken({ exp: inAnHour(), machines: ['5001'] }, SECRET)}` };
      const metrics = await roomy.get('/metrics', auth);
      expect(metrics.status).toBe(403);
      expect(metrics.json.detail).toContain('API key');
      expect((await roomy.get('/metrics', { 'X-API-Key': 'key-1' })).status).toBe(200);
      const seen = async (headers: Record<string, string>, path = '/api/v1/status') => (await roomy.get(path, headers)).body;
      expect(await seen(auth)).not.toContain('db.plant');
      expect(await seen(auth, '/api/v1/status.csv')).not.toContain('db.plant');
      expect(JSON.parse(await seen(auth)).items[0].lastRun.error).toBe('the last run failed; its error is shown to API keys only');
      expect(JSON.parse(await seen({ 'X-API-Key': 'key-1' })).items.find((s: any) => s.machineId === '5001').lastRun.error).toBe(error);
    } finally {
      await roomy.close();
      await db.query(`DELETE FROM spindle_run WHERE status = 'failed'`);
      await db.end();
    }
  });
});
