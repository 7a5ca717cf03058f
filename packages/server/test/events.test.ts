import { type FleetConfig, runFleet } from '@spindle/etl';
import { simulateFleet } from '@spindle/etl/simulate';
import { startApi } from '@spindle/test-kit/api';
import { createFleetDatabases } from '@spindle/test-kit/fleet-databases';
import { open } from '@spindle/test-kit/postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signEmbedToken } from '../src/access/embed-token.js';
import type { ServerOptions } from '../src/create-server.js';

const KEY = 'events-key';
const SECRET = 'events-secret';
const token = (machines: string[], seconds = 600) => signEmbedToken({ exp: Math.floor(Date.now() / 1000) + seconds, machines }, SECRET);

let databaseUrl: string;
let fleet: FleetConfig;
let drop: () => Promise<void>;

/** The ETL backfills one day of machine 2207: a commit that changes its data. */
const commit2207 = async () => {
  const only = { ...fleet, machines: fleet.machines.filter((m) => m.id === '2207') };
  await runFleet(only, { databaseUrl, mode: { kind: 'backfill', from: '2024-03-30', to: '2024-03-30' } });
  return Date.now();
};

interface Event {
  id: string;
  event: string;
  data: { machineId: string; watermark: string | null; version: string };
  at: number;
}

/** An open event stream read with fetch, as the widgets read it; events collect in `events`. */
async function openStream(base: string, path: string, headers: Record<string, string> = {}) {
  const abort = new AbortController();
  const res = await fetch(`${base}${path}`, { headers, signal: abort.signal });
  const events: Event[] = [];
  if (res.ok && res.body) {
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    void (async () => {
      try {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) return;
          buffer += value;
          for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
            const block = buffer.slice(0, cut);
            buffer = buffer.slice(cut + 2);
            const field = (name: string) => [...block.matchAll(/^([\w-]+): ?(.*)$/gm)].find((m) => m[1] === name)?.[2];
            const data = field('data');
            if (data) events.push({ id: field('id') ?? '', event: field('event') ?? 'message', data: JSON.parse(data), at: Date.now() });
          }
        }
      } catch {
        // aborted
      }
    })();
  }
  return { res, events, close: () => abort.abort() };
}

const until = async (check: () => boolean, ms: number) => {
  for (const end = Date.now() + ms; Date.now() < end; ) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return check();
};

/** The server on the fixture's data, with access control on. */
const serve = (options: Partial<ServerOptions> = {}) => startApi({ apiKeys: [KEY], tokenSecret: SECRET, ...options }, { databaseUrl });

beforeAll(async () => {
  ({ databaseUrl, fleet, drop } = await createFleetDatabases('spindle_events'));
  await simulateFleet(fleet, { from: '2024-03-25', days: 7, density: 0.1, seed: 5 });
  await runFleet(fleet, { databaseUrl, mode: { kind: 'run' } });
}, 120_000);
afterAll(() => drop());

describe('GET /api/v1/events', () => {
  let api: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    api = await serve();
  });
  afterAll(() => api.close());

  it('sends each ETL commit of a machine, within a second, to the streams allowed to see it and to no other', async () => {
    const key = await openStream(api.base, '/api/v1/events', { 'X-API-Key': KEY });
    const other = await openStream(api.base, '/api/v1/events', { Authorization: `Bearer ${token(['5001'])}` });
    const inUrl = await openStream(api.base, `/api/v1/events?access_token=${token(['2207'])}`);
    expect([key.res.status, other.res.status, inUrl.res.status]).toEqual([200, 200, 200]);
    expect(key.res.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    try {
      const committed = await commit2207();
      expect(await until(() => key.events.length > 0 && inUrl.events.length > 0, 3000)).toBe(true);
      const event = key.events[0]!;
      expect(event.event).toBe('machine');
      expect(event.data.machineId).toBe('2207');
      expect(event.at - committed).toBeLessThan(1000);
      expect(inUrl.events[0]!.data).toEqual(event.data);
      // The version is the one the API now answers with: its validators changed with it.
      const machine = (await (await fetch(`${api.base}/api/v1/fleet/now?machines=2207`, { headers: { 'X-API-Key': KEY } })).json()) as {
        items: { watermark: string }[];
      };
      expect(event.data.watermark).toBe(machine.items[0]!.watermark);
      await new Promise((r) => setTimeout(r, 500));
      expect(other.events).toEqual([]);
      expect(key.events).toHaveLength(1);
    } finally {
      for (const s of [key, other, inUrl]) s.close();
    }
  }, 30_000);

  it('resends what was committed since Last-Event-ID, and keeps its credentials', async () => {
    const first = await openStream(api.base, '/api/v1/events', { 'X-API-Key': KEY });
    await commit2207();
    expect(await until(() => first.events.length > 0, 3000)).toBe(true);
    first.close();
    const resumed = await openStream(api.base, '/api/v1/events', { 'X-API-Key': KEY, 'Last-Event-ID': first.events[0]!.id });
    const hidden = await openStream(api.base, '/api/v1/events', { Authorization: `Bearer ${token(['5001'])}`, 'Last-Event-ID': '1' });
    try {
      expect(await until(() => resumed.events.length > 0, 2000)).toBe(true);
      expect(resumed.events[0]!.data).toEqual(first.events[0]!.data);
      await until(() => hidden.events.length > 0, 500);
      expect(hidden.events.map((e) => e.data.machineId)).not.toContain('2207');
    } finally {
      resumed.close();
      hidden.close();
    }
  }, 30_000);

  it('takes in its URL only an embed token that expires within the hour, never an API key', async () => {
    expect((await fetch(`${api.base}/api/v1/events?lifetime=0&access_token=${KEY}`)).status).toBe(401);
    const long = await fetch(`${api.base}/api/v1/events?lifetime=0&access_token=${token(['2207'], 7200)}`);
    expect([long.status, ((await long.json()) as { detail: string }).detail]).toEqual([401, expect.stringContaining('within 60 minutes')]);
    expect((await fetch(`${api.base}/api/v1/machines?access_token=${token(['2207'])}`)).status).toBe(401);
  });

  it('hears commits again after losing its database connection', async () => {
    const stream = await openStream(api.base, '/api/v1/events', { 'X-API-Key': KEY });
    try {
      await commit2207();
      expect(await until(() => stream.events.length === 1, 3000)).toBe(true);
      const db = await open(databaseUrl);
      await db.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'spindle-server events'`);
      await db.end();
      await new Promise((r) => setTimeout(r, 1500));
      await commit2207();
      expect(await until(() => stream.events.length >= 2, 5000)).toBe(true);
    } finally {
      stream.close();
    }
  }, 30_000);
});

it('holds at most its streams, answers 503 past them, and still serves requests', async () => {
  const api = await serve({ maxStreams: 2 });
  const held = [
    await openStream(api.base, '/api/v1/events', { 'X-API-Key': KEY }),
    await openStream(api.base, '/api/v1/events', { 'X-API-Key': KEY }),
  ];
  try {
    const refused = await fetch(`${api.base}/api/v1/events`, { headers: { 'X-API-Key': KEY } });
    expect([refused.status, refused.headers.get('retry-after')]).toEqual([503, '30']);
    expect((await fetch(`${api.base}/api/v1/machines`, { headers: { 'X-API-Key': KEY } })).status).toBe(200);
  } finally {
    for (const s of held) s.close();
    await api.close();
  }
});
