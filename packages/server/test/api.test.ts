import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parseFleetConfig } from '@spindle/etl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const M = '/api/v1/machines';
const RANGE = 'from=2024-03-25&to=2024-04-02';

describe('the analytics API on data written by the ETL', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  it('lists the machines with their calendars, sensors and capabilities', async () => {
    const { json } = await api.get(M);
    expect(json.items.map((m: any) => [m.id, m.timezone, m.dayStart, m.shifts.length, m.hasEnergy])).toEqual([
      ['2207', 'Europe/Madrid', '06:00', 3, true],
      ['5001', 'Asia/Kolkata', '00:00', 0, true],
    ]);
    expect(json.items[0].sensors[0]).toEqual({ name: 'TEMPERATURA_BASE', label: 'Base temperature', unit: '°C' });
  });

  it('answers utilization per day whose parts add up to the covered time', async () => {
    const { json } = await api.get(`${M}/2207/utilization?${RANGE}`);
    expect(json.items.map((u: any) => u.day)).toEqual([
      '2024-03-25',
      '2024-03-26',
      '2024-03-27',
      '2024-03-28',
      '2024-03-29',
      '2024-03-30',
      '2024-03-31',
      '2024-04-01',
      '2024-04-02',
    ]);
    for (const u of json.items) {
      expect(u.runningSeconds + u.idleSeconds + u.standbySeconds + u.emergencySeconds + u.offlineSeconds).toBeCloseTo(u.coveredSeconds, 6);
    }
    // The clocks go forward at 02:00 on 03-31, inside production day 03-30 (06:00 to 06:00).
    expect(json.items.find((u: any) => u.day === '2024-03-30').coveredSeconds).toBe(82800);
  });

  it('answers utilization per shift, zeros included, and shift null without shifts', async () => {
    const shifts = (await api.get(`${M}/2207/utilization?${RANGE}&by=shift`)).json.items;
    expect(shifts).toHaveLength(9 * 3);
    expect(shifts.slice(0, 3).map((s: any) => s.shift)).toEqual(['A', 'B', 'C']);
    const none = (await api.get(`${M}/5001/utilization?from=2024-03-26&by=shift`)).json.items;
    expect(none.map((s: any) => s.shift)).toEqual([null]);
  });

  it('answers CSV at the .csv operation, each day with its time zone; ?format=csv and Accept: text/csv are sent there', async () => {
    const csv = await api.get(`${M}/2207/utilization.csv?${RANGE}`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.body.split('\r\n');
    expect(lines[0]).toBe(
      'machineId,day,shift,runningSeconds,idleSeconds,standbySeconds,emergencySeconds,offlineSeconds,coveredSeconds,plannedSeconds,plannedRunningSeconds,unplannedRunningSeconds,availability,timezone',
    );
    expect(lines).toHaveLength(1 + 9 + 1); // header, nine days, the final CRLF
    expect(lines[1]).toMatch(/^2207,2024-03-25,,([\d.]+,){5}86400,([\d.]+,){3}[\d.]+,Europe\/Madrid$/);
    const byQuery = await api.get(`${M}/2207/utilization?${RANGE}&format=csv&by=day`);
    expect(byQuery.status).toBe(303);
    expect(byQuery.headers.get('location')).toBe(`${M}/2207/utilization.csv?${RANGE}&by=day`);
    const byHeader = await api.get(`${M}/2207/utilization?${RANGE}`, { Accept: 'text/csv' });
    expect(byHeader.headers.get('location')).toBe(`${M}/2207/utilization.csv?${RANGE}`);
    expect(
      (await fetch(`${api.base}${M}/2207/utilization?${RANGE}`, { headers: { Accept: 'text/csv' } })).headers.get('content-type'),
    ).toMatch(/^text\/csv/);
    // A bad parameter is named on the JSON path, before any redirect.
    expect((await api.get(`${M}/2207/utilization?${RANGE}&format=csv&by=week`)).status).toBe(400);
    // Rows of several machines or without days carry no zone column.
    expect((await api.get(`${M}/2207/states.csv?${RANGE}`)).body.split('\r\n')[0]).toBe(
      'machineId,start,startLocal,end,endLocal,state,timezone',
    );
  });

  it('joins state intervals across midnight into maximal runs inside the range', async () => {
    const { json } = await api.get(`${M}/2207/states?${RANGE}`);
    const items = json.items;
    expect(items[0].start).toBe('2024-03-25T05:00:00.000Z'); // 06:00 in Madrid
    for (let i = 1; i < items.length; i++) {
      expect(items[i].start).toBe(items[i - 1].end);
      expect(items[i].state).not.toBe(items[i - 1].state);
    }
  });

  it('rolls hourly sensor statistics up to days exactly', async () => {
    const q = `sensor=TEMPERATURA_BASE&from=2024-03-26`;
    const hours = (await api.get(`${M}/2207/sensor-stats?${q}`)).json.items;
    const [day] = (await api.get(`${M}/2207/sensor-stats?${q}&bucket=day`)).json.items;
    const n = hours.reduce((s: number, h: any) => s + h.count, 0);
    const mean = hours.reduce((s: number, h: any) => s + h.avg * h.count, 0) / n;
    // Combined sample variance from the hours' own means and deviations.
    const ss = hours.reduce((s: number, h: any) => s + (h.count - 1) * (h.stddev ?? 0) ** 2 + h.count * (h.avg - mean) ** 2, 0);
    expect(day).toMatchObject({ day: '2024-03-26', start: '2024-03-26T05:00:00.000Z', count: n });
    expect(day.min).toBe(Math.min(...hours.map((h: any) => h.min)));
    // Exact up to the 6 decimals the API sends (the hours themselves are rounded).
    expect(day.avg).toBeCloseTo(mean, 5);
    expect(day.stddev).toBeCloseTo(Math.sqrt(ss / (n - 1)), 5);
    for (const h of hours) for (const k of ['min', 'max', 'avg']) expect(h[k]).toBe(Number(h[k].toFixed(6)));
  });

  it('answers energy per hour that sums to the day, and programs that sum to running time', async () => {
    const hours = (await api.get(`${M}/5001/energy?from=2024-03-26`)).json.items;
    const [day] = (await api.get(`${M}/5001/energy?from=2024-03-26&bucket=day`)).json.items;
    expect(hours).toHaveLength(24);
    expect(hours[0].start).toBe('2024-03-25T18:30:00.000Z'); // local midnight in Kolkata
    // Each value is rounded to 1e-6 kWh: the day and the sum of its hours agree to 24 × 0.5e-6.
    expect(Math.abs(day.kwh - hours.reduce((s: number, h: any) => s + h.kwh, 0))).toBeLessThan(24 * 0.5e-6 + 1e-9);
    const programs = (await api.get(`${M}/5001/programs?from=2024-03-26`)).json.items;
    const [u] = (await api.get(`${M}/5001/utilization?from=2024-03-26`)).json.items;
    expect(programs.reduce((s: number, p: any) => s + p.runningSeconds, 0)).toBeCloseTo(u.runningSeconds, 6);
  });

  it('pages through alerts newest first, and daily counts agree with them', async () => {
    const all = (await api.get(`${M}/2207/alerts?${RANGE}&limit=1000`)).json;
    expect(all.next).toBeNull();
    expect(all.items.length).toBeGreaterThan(5);
    const paged: any[] = [];
    let url: string | null = `${M}/2207/alerts?${RANGE}&limit=4`;
    while (url) {
      const res = await api.get(url);
      const page: any = res.json;
      paged.push(...page.items);
      // The Link header says what `next` says, and is absent on the last page.
      expect(res.headers.get('link')).toBe(page.next ? `<${page.next}>; rel="next"` : null);
      url = page.next;
    }
    expect(paged).toEqual(all.items);
    for (let i = 1; i < paged.length; i++) expect(paged[i].raisedAt <= paged[i - 1].raisedAt).toBe(true);
    const daily = (await api.get(`${M}/2207/alerts/daily?${RANGE}`)).json.items;
    expect(new Set(daily.map((d: any) => d.category))).toEqual(new Set(['emergency', 'error', 'warning', 'other']));
    expect(daily.reduce((s: number, d: any) => s + d.count, 0)).toBe(all.items.length);
    const errors = (await api.get(`${M}/2207/alerts?${RANGE}&category=error&limit=1000`)).json.items;
    expect(errors.length).toBe(daily.filter((d: any) => d.category === 'error').reduce((s: number, d: any) => s + d.count, 0));
  });

  it('sums each machine over the range in its own calendar for the fleet', async () => {
    const fleet = (await api.get(`/api/v1/fleet/utilization?${RANGE}`)).json.items;
    const own = (await api.get(`${M}/5001/utilization?${RANGE}`)).json.items;
    const running = own.reduce((s: number, u: any) => s + u.runningSeconds, 0);
    expect(fleet.map((f: any) => f.machineId)).toEqual(['2207', '5001']);
    expect(fleet[1].runningSeconds).toBeCloseTo(running, 6);
  });

  it('answers the five states, planned time and availability, each identity of metrics.md §11 and §13 holding', async () => {
    for (const by of ['day', 'shift']) {
      const { json } = await api.get(`${M}/2207/utilization?${RANGE}&by=${by}`);
      for (const u of json.items) {
        expect(u.runningSeconds + u.idleSeconds + u.standbySeconds + u.emergencySeconds + u.offlineSeconds).toBeCloseTo(
          u.coveredSeconds,
          2,
        );
        expect(u.plannedRunningSeconds + u.unplannedRunningSeconds).toBeCloseTo(u.runningSeconds, 2);
        expect(u.availability).toBe(u.plannedSeconds > 0 ? Number((u.plannedRunningSeconds / u.plannedSeconds).toFixed(6)) : null);
      }
    }
    const days = (await api.get(`${M}/2207/utilization?${RANGE}`)).json.items;
    // Shifts A and B are planned Monday to Friday: Saturday's running is overtime, Sunday plans nothing.
    const saturday = days.find((u: any) => u.day === '2024-03-30');
    expect(saturday.plannedSeconds).toBe(0);
    expect(saturday.availability).toBeNull();
    expect(saturday.unplannedRunningSeconds).toBeGreaterThan(0);
    expect(days.some((u: any) => u.standbySeconds > 0) && days.some((u: any) => u.emergencySeconds > 0)).toBe(true);
    // The fleet's availability comes from sums over the range, never an average of daily ratios.
    const fleet = (await api.get(`/api/v1/fleet/utilization?${RANGE}`)).json.items.find((m: any) => m.machineId === '2207');
    const planned = days.reduce((s: number, u: any) => s + u.plannedSeconds, 0);
    const plannedRunning = days.reduce((s: number, u: any) => s + u.plannedRunningSeconds, 0);
    expect(fleet.plannedSeconds).toBeCloseTo(planned, 2);
    expect(fleet.availability).toBeCloseTo(plannedRunning / planned, 6);
    const states = new Set((await api.get(`${M}/2207/states?${RANGE}`)).json.items.map((s: any) => s.state));
    expect(states).toEqual(new Set(['RUNNING', 'IDLE', 'STANDBY', 'EMERGENCY', 'OFFLINE']));
  });

  it('answers downtime by cause: a Pareto over the range, per day, by code, and for the fleet, all summing to idle + standby + emergency', async () => {
    const days = (await api.get(`${M}/2207/utilization?${RANGE}`)).json.items;
    const downtime = days.reduce((s: number, u: any) => s + u.idleSeconds + u.standbySeconds + u.emergencySeconds, 0);
    const total = (items: any[]) => items.reduce((s, d) => s + d.seconds, 0);

    const pareto = (await api.get(`${M}/2207/downtime?${RANGE}`)).json.items;
    expect(total(pareto)).toBeCloseTo(downtime, 1);
    expect(pareto.map((d: any) => d.seconds)).toEqual([...pareto.map((d: any) => d.seconds)].sort((a, b) => b - a));
    expect(pareto.every((d: any) => d.day === null && d.code === null && d.description === null && d.seconds > 0)).toBe(true);
    expect(new Set(pareto.map((d: any) => d.state))).toEqual(new Set(['IDLE', 'STANDBY', 'EMERGENCY']));
    expect(pareto.some((d: any) => d.category === null)).toBe(true); // downtime with no alarm open
    // The e-stop alarm is logged with the emergency condition: emergency time is caused by it.
    expect(pareto.filter((d: any) => d.state === 'EMERGENCY').map((d: any) => d.category)).toContain('emergency');

    const byCode = (await api.get(`${M}/2207/downtime?${RANGE}&by=code`)).json.items;
    expect(total(byCode)).toBeCloseTo(downtime, 1);
    expect(byCode.filter((d: any) => d.category !== null).every((d: any) => typeof d.code === 'string' && d.description)).toBe(true);

    const perDay = (await api.get(`${M}/2207/downtime?${RANGE}&bucket=day`)).json.items;
    for (const u of days) {
      const day = perDay.filter((d: any) => d.day === u.day);
      expect(total(day)).toBeCloseTo(u.idleSeconds + u.standbySeconds + u.emergencySeconds, 2);
    }
    expect(perDay.map((d: any) => d.day)).toEqual([...perDay.map((d: any) => d.day)].sort());

    const fleet = (await api.get(`/api/v1/fleet/downtime?${RANGE}`)).json.items;
    expect(total(fleet.filter((d: any) => d.machineId === '2207'))).toBeCloseTo(downtime, 1);
    expect(fleet.map((d: any) => d.seconds)).toEqual([...fleet.map((d: any) => d.seconds)].sort((a, b) => b - a));

    const csv = await api.get(`${M}/2207/downtime.csv?${RANGE}&bucket=day`);
    expect(csv.body.split('\r\n')[0]).toBe('machineId,day,state,category,code,description,seconds,timezone');
  });

  it('reports the ETL status per machine', async () => {
    const { json } = await api.get('/api/v1/status');
    expect(json.items[0]).toMatchObject({ machineId: '2207', firstDay: '2024-03-25', lastRun: { status: 'succeeded' } });
    const csv = await api.get('/api/v1/status.csv');
    expect(csv.body.split('\r\n')[0]).toBe(
      'machineId,watermark,watermarkLocal,firstDay,lastDay,currentRunStartedAt,currentRunStartedAtLocal,currentRunWorker,lastRunStartedAt,lastRunStartedAtLocal,lastRunFinishedAt,lastRunFinishedAtLocal,lastRunStatus,lastRunRowsRead,lastRunInvalidRows,lastRunImplausibleDateRows,lastRunMalformedAlarmRows,lastRunError',
    );
  });

  it('answers 304 to a matching If-None-Match, with cache headers', async () => {
    const first = await api.get(`${M}/2207/energy?${RANGE}`);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const etag = first.headers.get('etag')!;
    const again = await api.get(`${M}/2207/energy?${RANGE}`, { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    const csv = await api.get(`${M}/2207/energy.csv?${RANGE}`, { 'If-None-Match': etag });
    expect(csv.status).toBe(200); // another representation, another tag
  });

  it.each([
    [`${M}/2207/utilization?from=2024-03-27&to=2024-03-26`, 400, 'to'],
    [`${M}/2207/utilization?from=2023-01-01&to=2024-03-26`, 400, 'to'],
    [`${M}/2207/utilization?from=2024-02-30`, 400, 'from'],
    // Year 0000 is no year of PostgreSQL's date (found by the fuzz test).
    [`${M}/2207/alerts?from=0000-01-01`, 400, 'from'],
    ['/api/v1/fleet/utilization?from=0000-01-01', 400, 'from'],
    [`${M}/2207/utilization?to=2024-03-26`, 400, 'from'],
    [`${M}/2207/energy?from=2024-03-26&bucket=week`, 400, 'bucket'],
    [`${M}/2207/utilization?from=2024-03-26&by=month`, 400, 'by'],
    [`${M}/2207/sensor-stats?from=2024-03-26&sensor=NOPE`, 404, 'sensor'],
    [`${M}/2207/alerts?from=2024-03-26&limit=0`, 400, 'limit'],
    [`${M}/2207/alerts?from=2024-03-26&cursor=garbage`, 400, 'cursor'],
    [`${M}/2207/utilization?from=2024-03-26&colour=red`, 400, 'colour'],
  ])('answers %s with %i problem+json naming %s', async (url, status, name) => {
    const res = await api.get(url);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.json.errors.map((e: any) => e.name)).toContain(name);
  });

  it('names allowed values and unknown parameters, and answers 405 with Allow for a method a path lacks', async () => {
    const bucket = await api.get(`${M}/2207/energy?from=2024-03-26&bucket=week`);
    expect(bucket.json.errors).toEqual([{ name: 'bucket', in: 'query', message: 'must be one of: hour, day' }]);
    const two = await api.get(`${M}/2207/energy?colour=red&limit=5`);
    expect(two.json.errors.map((e: any) => [e.name, e.message])).toEqual([
      ['from', 'is required'],
      ['colour', 'is not a parameter of this operation (see /docs)'],
      ['limit', 'is not a parameter of this operation (see /docs)'],
    ]);
    // Cache busters pass: names starting with `_` are ignored.
    expect((await api.get(`${M}/2207/energy?from=2024-03-26&_=1700000000000&_ts=x`)).status).toBe(200);
    const post = await fetch(`${api.base}${M}/2207/energy?from=2024-03-26`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(((await post.json()) as any).title).toBe('Method not allowed');
  });

  it('answers 404 for an unknown machine or path', async () => {
    const machine = await api.get(`${M}/9999/utilization?from=2024-03-26`);
    expect(machine.status).toBe(404);
    expect(machine.json.detail).toContain('no machine "9999"');
    expect((await fetch(`${api.base}/api/v2/nothing`)).status).toBe(404);
  });

  it('serves health, readiness, the spec and Swagger UI', async () => {
    expect((await api.get('/healthz')).json).toEqual({ status: 'ok' });
    expect((await api.get('/readyz')).json).toEqual({ status: 'ok' });
    expect((await api.get('/openapi.yaml')).body).toMatch(/^openapi: 3\.1\.0/);
    const docs = await fetch(`${api.base}/docs`); // redirected to /docs/
    expect(docs.url).toBe(`${api.base}/docs/`);
    expect(await docs.text()).toContain('<script src="./static/swagger-initializer.js"');
    expect(docs.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await (await fetch(`${api.base}/docs/static/swagger-initializer.js`)).text()).toContain("resolveUrl('./json')");
    expect((await fetch(`${api.base}/docs/static/swagger-ui-bundle.js`)).status).toBe(200);
    // The spec the UI loads is openapi.yaml itself.
    const shown = (await (await fetch(`${api.base}/docs/json`)).json()) as { info: { title: string }; paths: object };
    expect(Object.keys(shown.paths)).toEqual(Object.keys(parse((await api.get('/openapi.yaml')).body).paths));
  });

  it('compresses JSON, CSV, the spec and static files by Accept-Encoding', async () => {
    for (const [path, encoding] of [
      [`${M}/2207/states?${RANGE}`, 'br'],
      [`${M}/2207/states.csv?${RANGE}`, 'gzip'],
      ['/openapi.yaml', 'br'],
      ['/docs/static/swagger-ui-bundle.js', 'gzip'],
    ] as const) {
      const res = await fetch(`${api.base}${path}`, { headers: { 'Accept-Encoding': encoding } });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-encoding'), path).toBe(encoding);
      expect(res.headers.get('vary')?.toLowerCase(), path).toContain('accept-encoding');
      expect((await res.text()).length).toBeGreaterThan(1000);
    }
    const plain = await fetch(`${api.base}${M}/2207/states?${RANGE}`, { headers: { 'Accept-Encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    // Revalidation is unchanged by compression.
    const etag = plain.headers.get('etag')!;
    const again = await fetch(`${api.base}${M}/2207/states?${RANGE}`, { headers: { 'Accept-Encoding': 'br', 'If-None-Match': etag } });
    expect(again.status).toBe(304);
  });

  it('exposes Prometheus metrics per route template, and the pool', async () => {
    await fetch(`${api.base}/docs`);
    await api.get(`${M}/2207/utilization?from=2024-03-26`);
    await api.get(`${M}/nope/utilization?from=2024-03-26`);
    const res = await api.get('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(
      /^spindle_http_requests_total\{method="GET",route="\/api\/v1\/machines\/:id\/utilization",status="200"\} [1-9]/m,
    );
    expect(res.body).toMatch(
      /^spindle_http_requests_total\{method="GET",route="\/api\/v1\/machines\/:id\/utilization",status="404"\} [1-9]/m,
    );
    expect(res.body).toMatch(
      /^spindle_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/api\/v1\/machines\/:id\/utilization"\} [1-9]/m,
    );
    expect(res.body).toMatch(/^spindle_db_pool_connections\{state="idle"\} \d+/m);
    expect(res.body).toContain('spindle_server_process_resident_memory_bytes');
    expect(res.body).not.toMatch(/route="[^"]*2207/); // no raw paths: one series per endpoint
    expect(res.body).toContain('route="/docs"');
  });

  it('serves the demo dashboard at / with the widgets bundle, unless told not to', async () => {
    const page = await fetch(`${api.base}/`);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await page.text();
    expect(html).toContain('<script type="module" src="/widgets/spindle-widgets.js"></script>');
    expect(html).toMatch(/<spindle-fleet[^>]*>[\s\S]*<spindle-dashboard/);
    const bundle = await fetch(`${api.base}/widgets/spindle-widgets.js`);
    expect(bundle.headers.get('content-type')).toMatch(/javascript/);
    const chunk = /chunks\/vega-runtime-\w+\.js/.exec(await bundle.text())?.[0];
    expect(chunk).toBeDefined();
    expect((await fetch(`${api.base}/widgets/${chunk}`)).headers.get('cache-control')).toContain('immutable');
    // Sent as the build compressed it (brotli at quality 11), not compressed again per request.
    const dir = dirname(createRequire(import.meta.url).resolve('@spindle/widgets/bundle'));
    for (const [encoding, suffix] of [
      ['br', '.br'],
      ['gzip', '.gz'],
    ]) {
      const sent = await fetch(`${api.base}/widgets/${chunk}`, { headers: { 'Accept-Encoding': encoding! } });
      expect(sent.headers.get('content-encoding')).toBe(encoding);
      expect(sent.headers.get('vary')?.toLowerCase()).toContain('accept-encoding');
      expect(Number(sent.headers.get('content-length'))).toBe(statSync(join(dir, `${chunk}${suffix}`)).size);
    }
    const bare = await startApi({ dashboard: false }, { databaseUrl: api.databaseUrl });
    try {
      expect((await fetch(`${bare.base}/`)).status).toBe(404);
      expect((await fetch(`${bare.base}/widgets/spindle-widgets.js`)).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it('allows any origin by default, preflight included', async () => {
    const res = await fetch(`${api.base}${M}`, { headers: { Origin: 'https://portal.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const pre = await fetch(`${api.base}${M}`, {
      method: 'OPTIONS',
      headers: { Origin: 'https://portal.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('serves exactly the machines of a fleet config when given one', async () => {
    const fleet = parseFleetConfig({
      machines: [
        { id: '2207', source: 'postgres://unused/a', timezone: 'Europe/Madrid', dayStart: '06:00' },
        { id: '9000', source: 'postgres://unused/b' },
      ],
    });
    const configured = await startApi({ fleet }, { databaseUrl: api.databaseUrl });
    try {
      expect((await configured.get(M)).json.items.map((m: any) => m.id)).toEqual(['2207', '9000']);
      expect((await configured.get(`${M}/5001/energy?from=2024-03-26`)).status).toBe(404);
      expect((await configured.get(`${M}/9000/utilization?from=2024-03-26`)).json.items).toEqual([]); // not run yet
      expect((await configured.get(`${M}/2207/utilization?from=2024-03-26`)).json.items).toHaveLength(1);
    } finally {
      await configured.close();
    }
  });

  it('allows only the configured origins when set', async () => {
    const strict = await startApi({ corsOrigins: ['https://portal.example'] }, { databaseUrl: api.databaseUrl });
    try {
      const ok = await fetch(`${strict.base}${M}`, { headers: { Origin: 'https://portal.example' } });
      expect(ok.headers.get('access-control-allow-origin')).toBe('https://portal.example');
      const other = await fetch(`${strict.base}${M}`, { headers: { Origin: 'https://evil.example' } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await strict.close();
    }
  });
});
