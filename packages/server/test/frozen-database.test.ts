import { migrate } from '@spindle/etl';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { throwAwayPostgres, type ThrowAwayPostgres } from '@spindle/test-kit/frozen-postgres';
import { open } from '@spindle/test-kit/postgres';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

let pg: ThrowAwayPostgres;
let api: ApiFixture;
beforeAll(async () => {
  pg = throwAwayPostgres();
  const db = await open(pg.url());
  await migrate(db);
  await db.end();
  api = await startApi({ statementTimeoutMs: 2000 }, { databaseUrl: pg.url() });
}, 60_000);
afterAll(async () => {
  pg?.thaw();
  await api?.close();
  pg?.stop();
});

it('answers 503 within its time limit while the aggregation DB is frozen, and recovers when it thaws', async () => {
  const paths = ['/readyz', '/api/v1/status', '/api/v1/machines'];
  for (const p of paths) expect((await api.get(p)).status).toBe(200);

  pg.freeze();
  await new Promise((r) => setTimeout(r, 1100)); // past the one-second cache of machine configs
  // At once, so some wait on pooled connections that hang and others for a new one.
  const started = Date.now();
  const answers = await Promise.all([...paths, ...paths].map(async (p) => ({ p, res: await api.get(p), ms: Date.now() - started })));
  for (const { p, res, ms } of answers) {
    expect(res.status, p).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect(ms, p).toBeLessThan(2000 + 1500);
  }
  expect((await api.get('/healthz')).status).toBe(200);

  pg.thaw();
  await expect.poll(async () => (await api.get('/readyz')).status, { timeout: 10_000 }).toBe(200);
  for (const p of paths) expect((await api.get(p)).status).toBe(200);
}, 60_000);
