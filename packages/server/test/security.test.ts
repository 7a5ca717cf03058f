import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { specPath } from '../src/create-server.js';
import { signEmbedToken } from '../src/access/embed-token.js';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { SAMPLES } from './operation-samples.js';
import { rawGet } from './raw-http.js';

const SECRET = 'security-secret';
const KEY = 'the-right-key';
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const PUBLIC = new Set(['/healthz', '/readyz', '/openapi.yaml']);

/** Every spelling of a path that a case-insensitive, normalising or decoding router might take for it. */
function spellings(url: string): string[] {
  const [path, query = ''] = url.split('?') as [string, string?];
  const q = query ? `?${query}` : '';
  const segs = path.split('/').slice(1);
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const out = new Set<string>([
    path.toUpperCase() + q,
    `/${segs.map(cap).join('/')}${q}`,
    `/${[segs[0]!.toUpperCase(), ...segs.slice(1)].join('/')}${q}`,
    `/${[...segs.slice(0, -1), segs.at(-1)!.toUpperCase()].join('/')}${q}`,
    `/${path}${q}`,
    `${path.replace(/\//g, '//')}${q}`,
    `${path}/${q}`,
    `${path}/.${q}`,
    `/./${segs.join('/')}${q}`,
    `/x/..${path}${q}`,
    `${path.replace(/a/, '%61')}${q}`,
    `${path.replace(/a/, '%41')}${q}`,
    `${path.replace(/\/(?=[^/]*$)/, '%2F')}${q}`,
    `${path.replace(/\/(?=[^/]*$)/, '%2f')}${q}`,
    `${path.replace(/\//g, '\\')}${q}`,
    `${path};x=1${q}`,
    `${path}%20${q}`,
    `${path}%00${q}`,
    `${path}#${q}`,
    `http://localhost${path}${q}`,
  ]);
  if (path.includes('/2207')) {
    out.add(`${path.replace('/2207', '/%32207')}${q}`);
    out.add(`${path.replace('/2207', '/2207%2F..%2F2207')}${q}`);
    out.add(`${path.replace('/machines/', '/MACHINES/')}${q}`);
  }
  return [...out];
}

describe('access control against every operation, spelling and credential', () => {
  let api: ApiFixture;
  let port: number;
  const canonical = new Map<string, { status: number; body: string }>();
  beforeAll(async () => {
    api = await startApi({ apiKeys: [KEY], tokenSecret: SECRET, requestsPerMinute: 1e9, authFailuresPerMinute: 1e9 });
    port = Number(new URL(api.base).port);
    for (const url of Object.values(SAMPLES)) {
      const res = await rawGet(port, url, { 'X-API-Key': KEY });
      expect(res.status, url).toBe(200);
      canonical.set(url, res);
    }
  });
  afterAll(() => api.close());

  it('has a sample request for every operation that is not public', () => {
    const templates = Object.keys(parse(readFileSync(specPath(), 'utf8')).paths).filter((t) => !PUBLIC.has(t));
    expect(Object.keys(SAMPLES).sort()).toEqual(templates.sort());
  });

  const credentials: Record<string, () => Record<string, string>> = {
    none: () => ({}),
    'wrong key': () => ({ 'X-API-Key': 'not-the-key' }),
    'wrong bearer': () => ({ Authorization: `Bearer ${KEY}x` }),
    "another machine's token": () => ({ Authorization: `Bearer ${signEmbedToken({ exp: inAnHour(), machines: ['5001'] }, SECRET)}` }),
    'expired token': () => ({
      Authorization: `Bearer ${signEmbedToken({ exp: Math.floor(Date.now() / 1000) - 5, machines: ['2207'] }, SECRET)}`,
    }),
    'alg none token': () => {
      const b = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      return { Authorization: `Bearer ${b({ alg: 'none', typ: 'JWT' })}.${b({ exp: inAnHour(), machines: ['2207'] })}.` };
    },
  };

  it('opens no data of machine 2207 to any spelling without its credential, and answers no 5xx', async () => {
    const leaks: string[] = [];
    let requests = 0;
    for (const url of Object.values(SAMPLES)) {
      for (const spelled of [url, ...spellings(url)]) {
        for (const [who, headers] of Object.entries(credentials)) {
          const res = await rawGet(port, spelled, headers());
          requests++;
          if (res.status >= 500 || Number.isNaN(res.status)) leaks.push(`${who} ${spelled} → ${res.status} ${res.body.slice(0, 120)}`);
          else if (res.status < 400) {
            // An embed token for 5001 may read the fleet-wide lists, filtered to 5001.
            const filtered = who === "another machine's token" && !spelled.includes('2207') && !res.body.includes('2207');
            if (!filtered) leaks.push(`${who} ${spelled} → ${res.status}`);
          }
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(requests).toBeGreaterThan(1000);
  }, 120_000);

  it('answers another spelling with the right key exactly as the canonical one, or not at all', async () => {
    const odd: string[] = [];
    for (const url of Object.values(SAMPLES)) {
      for (const spelled of spellings(url)) {
        const res = await rawGet(port, spelled, { 'X-API-Key': KEY });
        if (res.status >= 500) odd.push(`${spelled} → ${res.status}`);
        // /metrics counts the requests themselves: its body changes with every one.
        const same = res.status === 200 && (url === '/metrics' || res.body === canonical.get(url)!.body);
        if (res.status < 400 && !same) odd.push(`${spelled} → ${res.status}, another answer`);
      }
    }
    expect(odd).toEqual([]);
  }, 120_000);

  it('answers malformed percent-escapes and NUL bytes with 400 naming the parameter', async () => {
    for (const seg of ['%ZZ', '%', '%E0%A4%A', '%c0%ae%c0%ae']) {
      const res = await rawGet(port, `/api/v1/machines/${seg}/energy?from=2024-03-26`, { 'X-API-Key': KEY });
      expect(res.status, seg).toBe(400);
      expect(JSON.parse(res.body).errors[0].name).toBe('path');
    }
    const nul = await rawGet(port, '/api/v1/machines/2207/alerts?from=2024-03-26&category=a%00b', { 'X-API-Key': KEY });
    expect(nul.status).toBe(400);
    expect(JSON.parse(nul.body).errors).toEqual([{ name: 'category', in: 'query', message: 'must not contain a NUL byte' }]);
  });

  it('answers the absolute form of a request line (RFC 9112 §3.2.2) as its path, credentials and all', async () => {
    const url = `http://127.0.0.1:${port}${SAMPLES['/api/v1/machines/{id}/energy']}`;
    const res = await rawGet(port, url, { 'X-API-Key': KEY });
    expect([res.status, res.body]).toEqual([200, canonical.get(SAMPLES['/api/v1/machines/{id}/energy']!)!.body]);
    expect((await rawGet(port, url, {}, { localAddress: '127.0.0.4' })).status).toBe(401);
  });

  it('answers raw bytes anywhere in the path, a query value or a header without a 5xx or a stack trace', async () => {
    const raw = fc.uint8Array({ minLength: 1, maxLength: 24 }).map((a) => Buffer.from(a));
    const where = fc.constantFrom('segment', 'query', 'header');
    await fc.assert(
      fc.asyncProperty(raw, where, fc.constantFrom(...Object.values(SAMPLES)), async (bytes, place, url) => {
        const [path, query] = url.split('?') as [string, string?];
        const parts = path.split('/');
        let head: Buffer = Buffer.from(url);
        const headers: Record<string, Buffer | string> = { 'X-API-Key': KEY };
        if (place === 'segment')
          head = Buffer.concat([Buffer.from(`${parts.slice(0, 4).join('/')}/`), bytes, Buffer.from(`${query ? `?${query}` : ''}`)]);
        else if (place === 'query') head = Buffer.concat([Buffer.from(`${path}?${query ? `${query}&` : ''}category=`), bytes]);
        else headers['If-None-Match'] = bytes;
        const res = await rawGet(port, head, headers);
        expect(res.status, `${place} ${bytes.toString('hex')} → ${res.body.slice(0, 200)}`).toBeLessThan(500);
        expect(res.body).not.toMatch(/\n\s+at \S+ \(|node_modules|\.ts:\d+/);
      }),
      { numRuns: 600 },
    );
  }, 120_000);
});

describe('failed authentication', () => {
  let api: ApiFixture;
  let port: number;
  beforeAll(async () => {
    api = await startApi({ apiKeys: [KEY], authFailuresPerMinute: 20 });
    port = Number(new URL(api.base).port);
  });
  afterAll(() => api.close());

  it('is throttled per client address with 429 and Retry-After, and never refuses a valid key for it', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 300; i++) statuses.push((await rawGet(port, '/api/v1/machines', { 'X-API-Key': `guess-${i}` })).status);
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    const blocked = await rawGet(port, '/api/v1/machines', { 'X-API-Key': 'one-more-guess' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Behind one NAT or portal backend, a stranger's wrong keys must not lock the right key out.
    expect((await rawGet(port, '/api/v1/machines', { 'X-API-Key': KEY })).status).toBe(200);
    expect((await rawGet(port, '/api/v1/machines', { 'X-API-Key': KEY }, { localAddress: '127.0.0.2' })).status).toBe(200);
  }, 60_000);

  it('needs a credential for /metrics', async () => {
    expect((await rawGet(port, '/metrics', {}, { localAddress: '127.0.0.3' })).status).toBe(401);
    expect((await rawGet(port, '/metrics', { 'X-API-Key': KEY }, { localAddress: '127.0.0.3' })).status).toBe(200);
    expect((await rawGet(port, '/healthz', {}, { localAddress: '127.0.0.3' })).status).toBe(200);
  });
});
