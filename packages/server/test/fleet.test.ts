import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { createServer } from '../src/create-server.js';
import { createGuardedServer } from '../src/http/guarded-server.js';
import { signEmbedToken } from '../src/access/embed-token.js';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const RANGE = 'from=2024-03-25&to=2024-04-02';
const MACHINES = ['2207', '5001'];

describe('fleet operations answer every machine in one request', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  /** The per-machine answer of each machine, keyed by machineId, in machine order: what a fleet row set must equal. */
  async function perMachine(path: string, query: string) {
    const rows: Record<string, unknown>[] = [];
    for (const id of MACHINES) {
      for (const item of (await api.get(`/api/v1/machines/${id}/${path}?${query}`)).json.items) rows.push({ machineId: id, ...item });
    }
    return rows;
  }

  it.each([
    ['utilization', 'utilization', 'by=day'],
    ['utilization', 'utilization', 'by=shift'],
    ['energy', 'energy', 'bucket=day'],
    ['energy', 'energy', 'bucket=hour'],
    ['programs', 'programs', ''],
    ['alerts/daily', 'alerts/daily', ''],
  ])('fleet/%s?%s holds exactly the rows of each machine', async (fleetPath, machinePath, extra) => {
    const query = `${RANGE}${extra ? `&${extra}` : ''}`;
    const fleet = (await api.get(`/api/v1/fleet/${fleetPath}?${query}`)).json.items;
    expect(fleet.length).toBeGreaterThan(0);
    expect(fleet).toEqual(await perMachine(machinePath, query));
  });

  it('fleet/downtime by day holds each machine’s rows, and by range the same seconds', async () => {
    const byDay = (await api.get(`/api/v1/fleet/downtime?${RANGE}&bucket=day&by=code`)).json.items;
    const expected = await perMachine('downtime', `${RANGE}&bucket=day&by=code`);
    const key = (r: any) => `${r.machineId} ${r.day} ${r.state} ${r.category} ${r.code} ${r.seconds}`;
    expect(byDay.map(key).sort()).toEqual(expected.map(key).sort());
    const range = (await api.get(`/api/v1/fleet/downtime?${RANGE}`)).json.items;
    const total = (rows: any[]) => rows.reduce((s, r) => s + r.seconds, 0);
    expect(total(range)).toBeCloseTo(total(byDay), 3);
    expect(range.every((r: any) => r.day === null)).toBe(true);
  });

  it('takes machines=…, once each, and names an unknown one', async () => {
    const one = (await api.get(`/api/v1/fleet/utilization?${RANGE}&machines=5001,5001`)).json.items;
    expect(one.map((r: any) => r.machineId)).toEqual(['5001']);
    const unknown = await api.get(`/api/v1/fleet/energy?${RANGE}&machines=2207,nope`);
    expect(unknown.status).toBe(400);
    expect(unknown.json.errors[0]).toMatchObject({ name: 'machines' });
    expect(unknown.json.detail).toContain('"nope"');
  });

  it('keeps the same columns whatever the parameters, machineId first', async () => {
    const header = async (q: string) => (await api.get(`/api/v1/fleet/utilization.csv?${RANGE}${q}`)).body.split('\r\n')[0] ?? '';
    expect(await header('')).toBe(await header('&by=day'));
    expect(await header('&by=shift')).toBe(await header('&by=day'));
    expect((await header('')).startsWith('machineId,day,shift,')).toBe(true);
  });
});

describe('fleet operations under access control', () => {
  let api: ApiFixture;
  const secret = 'fleet-secret';
  const token = (machines: string[]) => ({
    Authorization: `Bearer ${signEmbedToken({ exp: Math.floor(Date.now() / 1000) + 600, machines }, secret)}`,
  });
  beforeAll(async () => {
    api = await startApi({ tokenSecret: secret, apiKeys: ['fleet-key'] });
  });
  afterAll(() => api.close());

  it.each(['utilization', 'energy', 'programs', 'downtime', 'alerts/daily'])(
    'fleet/%s gives a token its machines only, and 403 when it names another',
    async (path) => {
      const mine = (await api.get(`/api/v1/fleet/${path}?${RANGE}`, token(['5001']))).json.items;
      expect(new Set(mine.map((r: any) => r.machineId))).toEqual(new Set(['5001']));
      const other = await api.get(`/api/v1/fleet/${path}?${RANGE}&machines=5001,2207`, token(['5001']));
      expect(other.status).toBe(403);
      expect(other.json.detail).toContain('"2207"');
    },
  );
});

it('answers a fleet of any size in the same number of queries', async () => {
  const fixture = await startApi();
  const pool = new pg.Pool({ connectionString: fixture.databaseUrl, max: 2 });
  let queries = 0;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    queries++;
    return query(...args);
  };
  const server = createServer({ pool, log: () => {} });
  const http = createGuardedServer(server.handler);
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(http.address() as { port: number }).port}`;
  try {
    const count = async (path: string) => {
      await fetch(`${base}/api/v1/machines`); // machine configs and schema check, cached after
      const before = queries;
      expect((await fetch(`${base}${path}`)).status).toBe(200);
      return queries - before;
    };
    for (const path of ['utilization?by=day', 'energy?bucket=day', 'programs', 'downtime?bucket=day', 'alerts/daily']) {
      const sep = path.includes('?') ? '&' : '?';
      const one = await count(`/api/v1/fleet/${path}${sep}${RANGE}&machines=2207`);
      const two = await count(`/api/v1/fleet/${path}${sep}${RANGE}&machines=2207,5001`);
      expect(two, path).toBe(one);
      expect(two, path).toBeLessThanOrEqual(2);
    }
  } finally {
    await new Promise((r) => http.close(r));
    await server.close();
    await pool.end();
    await fixture.close();
  }
});
