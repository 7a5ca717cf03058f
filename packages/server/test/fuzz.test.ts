import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

const segment = fc.oneof(
  fc.constantFrom('2207', '5001', 'nope', '..', '%00', ''),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const name = fc.oneof(
  fc.constantFrom('from', 'to', 'by', 'bucket', 'sensor', 'category', 'limit', 'cursor', 'format', 'machines'),
  fc.string({ maxLength: 12 }),
);
const value = fc.oneof(
  fc.constantFrom(
    '2024-03-26',
    '2024-02-30',
    '9999-12-31',
    '0000-01-01',
    'hour',
    'day',
    'shift',
    'range',
    'code',
    'csv',
    '-1',
    '1e400',
    'TEMPERATURA_BASE',
    '2207,5001',
    '2207,nope',
    ',',
    '[]',
    '{}',
  ),
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.integer().map(String),
);
const path = fc.tuple(
  fc.constantFrom(
    '/api/v1/machines/{}',
    '/api/v1/machines/{}/utilization',
    '/api/v1/machines/{}/states',
    '/api/v1/machines/{}/sensor-stats',
    '/api/v1/machines/{}/programs',
    '/api/v1/machines/{}/energy',
    '/api/v1/machines/{}/alerts/daily',
    '/api/v1/machines/{}/alerts',
    '/api/v1/machines/{}/utilization.csv',
    '/api/v1/machines/{}/alerts.csv',
    '/api/v1/machines/{}/downtime',
    '/api/v1/machines/{}/downtime.csv',
    '/api/v1/fleet/utilization',
    '/api/v1/fleet/downtime',
    '/api/v1/fleet/energy',
    '/api/v1/fleet/programs.csv',
    '/api/v1/fleet/alerts/daily',
    '/api/v1/{}',
    '/{}',
  ),
  segment,
  fc.array(fc.tuple(name, value), { maxLength: 6 }),
);

// No input yields a 5xx or a stack trace; every answer is one openapi.yaml documents.
it('answers any path and parameters without a 5xx or a stack trace', async () => {
  await fc.assert(
    fc.asyncProperty(path, async ([template, seg, query]) => {
      const qs = query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
      const url = `${template.replace('{}', encodeURIComponent(seg))}${qs ? `?${qs}` : ''}`;
      const res = await fetch(`${api.base}${url}`);
      const body = await res.text();
      expect(res.status, `${url} → ${body.slice(0, 300)}`).toBeLessThan(500);
      expect(body).not.toMatch(/\n\s+at \S+ \(|node_modules|\.ts:\d+/);
    }),
    { numRuns: 400 },
  );
}, 120_000);

// A cursor is opaque to clients, so anything may come back in it: every one a 400 naming `cursor`, or a page.
const cursorLike = fc.oneof(
  fc.constantFrom(
    '["1","x"]',
    '["0001-01-01","x"]',
    '["2024-03-26T00:00:00.000Z","\\u0000"]',
    '["+275760-09-13T00:00:00.000Z","a"]',
    '[]',
    '"x"',
  ),
  fc
    .tuple(
      fc.oneof(
        fc.string(),
        fc.integer().map(String),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
      ),
      fc.string(),
    )
    .map((t) => JSON.stringify(t)),
  fc.jsonValue().map((v) => JSON.stringify(v)),
);

it('answers any cursor with a page or a 400 naming it', async () => {
  await fc.assert(
    fc.asyncProperty(cursorLike, fc.boolean(), async (json, csv) => {
      const cursor = Buffer.from(json).toString('base64url');
      const url = `/api/v1/machines/2207/alerts${csv ? '.csv' : ''}?from=2024-03-25&cursor=${cursor}`;
      const res = await fetch(`${api.base}${url}`);
      const body = await res.text();
      expect([200, 400], `${json} → ${body.slice(0, 300)}`).toContain(res.status);
      if (res.status === 400) expect(JSON.parse(body).errors[0].name).toBe('cursor');
    }),
    { numRuns: 300 },
  );
}, 120_000);
