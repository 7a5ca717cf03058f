import { migrate } from '@spindle/etl';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { createTestDatabase, open, serverUrl } from '@spindle/test-kit/postgres';
import { signEmbedToken } from '../src/access/embed-token.js';

const noStack = (lines: string[]) => lines.every((l) => !/\n\s+at /.test(l));

describe('the server says what is wrong with its database, and the fix', () => {
  const drops: (() => Promise<void>)[] = [];
  let api: ApiFixture | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  async function serve(databaseUrl: string, options = {}) {
    const log: string[] = [];
    api = await startApi({ log: (m: string) => log.push(m), ...options }, { databaseUrl });
    return log;
  }

  it('on a database never migrated: 503 naming `spindle-etl migrate` until it is, then ready', async () => {
    const empty = await createTestDatabase('spindle_health_empty');
    drops.push(empty.drop);
    const log = await serve(empty.url);
    const ready = await api!.get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json.detail).toContain('has no Spindle schema; run `spindle-etl migrate` first');
    const machines = await api!.get('/api/v1/machines');
    expect(machines.status).toBe(503);
    expect(machines.json.detail).toMatch(/the aggregation DB at 127\.0\.0\.1:\d+\/spindle_health_empty\w* has no Spindle schema/);
    await api!.get('/api/v1/status');
    expect(log.filter((l) => l.includes('no Spindle schema'))).toHaveLength(1);
    const db = await open(empty.url);
    await migrate(db);
    await db.end();
    expect((await api!.get('/api/v1/machines')).status).toBe(200);
    expect((await api!.get('/readyz')).status).toBe(200);
    expect(log.at(-1)).toContain('is reachable and its schema is current');
    expect(noStack(log)).toBe(true);
  });

  it.each([
    ['a closed port', () => 'postgres://postgres@127.0.0.1:1/aggregates', 'refused the connection'],
    ['an unknown database', () => serverUrl('spindle_no_such_database'), 'does not exist; create it'],
    ['TLS asked of a server without it', () => `${serverUrl()}?sslmode=require`, 'does not offer TLS'],
  ])('on %s: 503 with the cause, logged once without a stack trace', async (_name, url, cause) => {
    const log = await serve(url());
    for (const path of ['/api/v1/machines', '/api/v1/machines/2207/energy', '/readyz']) {
      const res = await api!.get(path);
      expect(res.status, path).toBe(503);
      expect(res.json.detail, path).toContain(cause);
      expect(res.headers.get('retry-after')).toBe('5');
    }
    expect(log.filter((l) => l.includes(cause))).toHaveLength(1);
    expect(noStack(log)).toBe(true);
  });

  it('on a schema altered by hand: 503 naming what is missing, and no cause of where to an embed token', async () => {
    const fixture = await startApi();
    drops.push(() => fixture.close());
    const secret = 'health-secret';
    const log = await serve(fixture.databaseUrl, { apiKeys: ['health-key'], tokenSecret: secret });
    const key = { 'X-API-Key': 'health-key' };
    expect((await api!.get('/api/v1/machines/2207/alerts/daily?from=2024-03-26', key)).status).toBe(200);
    const db = await open(fixture.databaseUrl);
    await db.query('DROP TABLE alarm_day CASCADE');
    await db.end();
    const broken = await api!.get('/api/v1/machines/2207/alerts/daily?from=2024-03-26', key);
    expect(broken.status).toBe(503);
    expect(broken.json.detail).toMatch(/at 127\.0\.0\.1:\d+\/\S+ lacks table alarm_day/);
    const token = { Authorization: `Bearer ${signEmbedToken({ exp: Math.floor(Date.now() / 1000) + 600, machines: ['2207'] }, secret)}` };
    const asToken = await api!.get('/api/v1/machines', token);
    expect(asToken.status).toBe(503);
    expect(asToken.json.detail).toBe(
      'the aggregation DB lacks table alarm_day, which its migrations created; run `spindle-etl migrate` to see what it can repair',
    );
    const ready = await api!.get('/readyz');
    expect(ready.json.detail).not.toContain('127.0.0.1');
    expect(noStack(log)).toBe(true);
  });
});
