import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEmbedToken } from '@spindle/server';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { createSpindleClient, SpindleApiError } from '../src/index.js';

const range = { machine: '2207', from: '2024-03-25', to: '2024-04-02' } as const;

describe('the SDK against the real server', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('calls every resource and hands out typed items', async () => {
    const client = createSpindleClient({ baseUrl: api.base });
    const machines = await client.machines();
    expect(machines.data?.map((m) => m.id)).toEqual(['2207', '5001']);
    const utilization = await client.utilization({ ...range, by: 'shift' });
    expect(utilization.data).toHaveLength(27);
    expect(utilization.response?.status).toBe(200);
    for (const result of [
      await client.states(range),
      await client.sensorStats({ ...range, sensor: 'TEMPERATURA_BASE', bucket: 'day' }),
      await client.programs(range),
      await client.energy({ ...range, bucket: 'day' }),
      await client.alertsDaily(range),
      await client.fleetUtilization({ from: '2024-03-25' }),
      await client.status(),
    ]) {
      expect(result.error).toBeUndefined();
      expect(result.data!.length).toBeGreaterThan(0);
    }
  });

  it('returns problems as errors, with the response', async () => {
    const client = createSpindleClient({ baseUrl: api.base });
    const missing = await client.energy({ machine: 'nope', from: '2024-03-26' });
    expect(missing.data).toBeUndefined();
    expect(missing.error).toMatchObject({ status: 404, title: 'Not found' });
    expect(missing.response?.status).toBe(404);
    const bad = await client.utilization({ machine: '2207', from: '2024-03-27', to: '2024-03-26' });
    expect(bad.error?.errors?.[0]?.name).toBe('to');
  });

  it('names an answer that is not JSON, such as a proxy’s login page', async () => {
    const page = async () => new Response('<html>Sign in</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const answered = await createSpindleClient({ baseUrl: 'http://proxy.example', fetch: page }).machines();
    expect(answered.data).toBeUndefined();
    expect(answered.error).toMatchObject({ status: 200, title: 'No JSON', detail: 'text/html answered instead' });
  });

  it('returns a network failure as an error with its cause, and an abort likewise', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const offline = await createSpindleClient({ baseUrl: `http://127.0.0.1:${port}` }).machines();
    expect(offline.error).toMatchObject({ status: 0, title: 'Network error' });
    expect(offline.error?.cause).toBeInstanceOf(Error);
    const controller = new AbortController();
    controller.abort();
    const aborted = await createSpindleClient({ baseUrl: api.base }).machines({ signal: controller.signal });
    expect(aborted.error).toMatchObject({ status: 0, title: 'Aborted' });
  });

  it('follows next across pages with the alert iterator', async () => {
    const client = createSpindleClient({ baseUrl: api.base });
    const all = await client.alerts({ ...range, limit: 1000 });
    const iterated = [];
    for await (const alert of client.iterateAlerts({ ...range, limit: 3 })) iterated.push(alert);
    expect(iterated).toEqual(all.data!.items);
    expect(iterated.length).toBeGreaterThan(3);
    await expect(async () => {
      for await (const _ of client.iterateAlerts({ ...range, machine: 'nope' })) void _;
    }).rejects.toBeInstanceOf(SpindleApiError);
  });

  it('revalidates kept answers with If-None-Match when the ETag cache is on', async () => {
    const statuses: number[] = [];
    const recording: typeof fetch = async (input, init) => {
      const res = await fetch(input, init);
      statuses.push(res.status);
      return res;
    };
    const client = createSpindleClient({ baseUrl: api.base, etagCache: true, fetch: recording });
    const first = await client.energy(range);
    const second = await client.energy(range);
    expect(statuses).toEqual([200, 304]);
    expect(second.data).toEqual(first.data);
  });

  it('downloads CSV for BI-minded users', async () => {
    const csv = await createSpindleClient({ baseUrl: api.base }).csv({ resource: 'energy', params: { ...range, bucket: 'day' } });
    expect(csv.data?.split('\r\n')[0]).toBe('machineId,start,startLocal,day,kwh,timezone');
  });

  it('throws only on misuse', async () => {
    expect(() => createSpindleClient({ baseUrl: 'spindle.plant.example' })).toThrow(TypeError);
    const client = createSpindleClient({ baseUrl: api.base });
    // A plain string is a Day to the compiler; a malformed one is named at run time.
    const day: string = '2024-3-1';
    await expect(client.utilization({ machine: '2207', from: day })).rejects.toThrow('from must be a day YYYY-MM-DD, got "2024-3-1"');
    await expect(client.fleetUtilization({ from: '2024-03-26', to: '26/03/2024' })).rejects.toThrow(TypeError);
  });

  it('passes the fleet operations their parameters', async () => {
    const client = createSpindleClient({ baseUrl: api.base });
    const byDay = await client.fleetUtilization({ from: '2024-03-26', to: '2024-03-27', by: 'day', machines: '5001' });
    expect(byDay.data?.map((r) => [r.machineId, r.day])).toEqual([
      ['5001', '2024-03-26'],
      ['5001', '2024-03-27'],
    ]);
    const downtime = await client.fleetDowntime({ from: '2024-03-26', bucket: 'day', machines: '2207' });
    expect(downtime.data?.every((r) => r.machineId === '2207' && r.day === '2024-03-26')).toBe(true);
  });
});

describe('the SDK with access control', () => {
  let open: ApiFixture;
  let guarded: ApiFixture;
  beforeAll(async () => {
    open = await startApi();
    guarded = await startApi({ apiKeys: ['key-1'], tokenSecret: 'shh' }, { databaseUrl: open.databaseUrl });
  });
  afterAll(async () => {
    await guarded.close();
    await open.close();
  });

  it('sends an API key', async () => {
    expect((await createSpindleClient({ baseUrl: guarded.base }).machines()).error?.status).toBe(401);
    expect((await createSpindleClient({ baseUrl: guarded.base, apiKey: 'key-1' }).machines()).data).toHaveLength(2);
  });

  it('asks the token provider again after a 401, and retries once', async () => {
    const calls: boolean[] = [];
    const token = ({ refresh }: { refresh: boolean }) => {
      calls.push(refresh);
      const exp = Math.floor(Date.now() / 1000) + (refresh ? 600 : -10); // the first one has expired
      return signEmbedToken({ exp, machines: ['5001'] }, 'shh');
    };
    const client = createSpindleClient({ baseUrl: guarded.base, token });
    const machines = await client.machines();
    expect(machines.data?.map((m) => m.id)).toEqual(['5001']);
    expect(calls).toEqual([false, true]);
    await client.machines();
    expect(calls).toEqual([false, true]); // the fresh token is kept
  });

  it('fetches and refreshes the token once for all the calls waiting on it', async () => {
    const calls: boolean[] = [];
    const token = async ({ refresh }: { refresh: boolean }) => {
      calls.push(refresh);
      await new Promise((r) => setTimeout(r, 20));
      const exp = Math.floor(Date.now() / 1000) + (refresh ? 600 : -10);
      return signEmbedToken({ exp, machines: ['5001'] }, 'shh');
    };
    const client = createSpindleClient({ baseUrl: guarded.base, token });
    const answers = await Promise.all(Array.from({ length: 7 }, () => client.machines()));
    expect(answers.map((a) => a.data?.map((m) => m.id))).toEqual(Array(7).fill(['5001']));
    expect(calls).toEqual([false, true]);
  });

  it('asks again after the token provider failed, instead of keeping its failure', async () => {
    let fail = true;
    const token = () => {
      if (fail) throw new Error('token service down');
      return signEmbedToken({ exp: Math.floor(Date.now() / 1000) + 600, machines: ['5001'] }, 'shh');
    };
    const client = createSpindleClient({ baseUrl: guarded.base, token });
    expect((await client.machines()).error?.detail).toContain('token service down');
    fail = false;
    expect((await client.machines()).data?.map((m) => m.id)).toEqual(['5001']);
  });
});
