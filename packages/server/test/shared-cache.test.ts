import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { startCachingProxy, type CachingProxy } from '@spindle/test-kit/caching-proxy';
import { signEmbedToken } from '../src/access/embed-token.js';
import { SAMPLES } from './operation-samples.js';

const KEY = 'shared-cache-key';
const SECRET = 'shared-cache-secret';
const inAnHour = () => Math.floor(Date.now() / 1000) + 3600;
const token = (machines: string[]) => ({ Authorization: `Bearer ${signEmbedToken({ exp: inAnHour(), machines }, SECRET)}` });

// Every credential in the order a shared cache would meet them after the key's answer.
const CREDENTIALS: Record<string, () => Record<string, string>> = {
  key: () => ({ 'X-API-Key': KEY }),
  none: () => ({}),
  'wrong key': () => ({ 'X-API-Key': 'not-the-key' }),
  "5001's token": () => token(['5001']),
  "2207's token": () => token(['2207']),
};

async function fetchText(url: string, headers: Record<string, string>) {
  const res = await fetch(url, { headers, redirect: 'manual' });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

describe.each([
  ['as it comes (default cache key)', false],
  ['passing If-None-Match and If-Modified-Since up, as the README recommends', true],
])("behind Debian's nginx with proxy_cache, %s", (_name, passConditionals) => {
  let api: ApiFixture;
  let proxy: CachingProxy;
  beforeAll(async () => {
    api = await startApi({ apiKeys: [KEY], tokenSecret: SECRET, requestsPerMinute: 1e9, authFailuresPerMinute: 1e9 });
    proxy = await startCachingProxy(api.base, { passConditionals });
  });
  afterAll(async () => {
    await proxy?.stop();
    await api?.close();
  });

  const operations = Object.entries(SAMPLES);

  it.each(operations)('%s: no answer fetched with one credential reaches another credential or none', async (_template, url) => {
    // Twice each, so a cache that kept the first answer would serve it the second time.
    for (let round = 0; round < 2; round++) {
      for (const [who, headers] of Object.entries(CREDENTIALS)) {
        const direct = await fetchText(`${api.base}${url}`, headers());
        const proxied = await fetchText(`${proxy.base}${url}`, headers());
        expect(proxied.headers.get('x-cache'), `${who} ${url}`).not.toBe('HIT');
        expect(proxied.status, `${who} ${url}`).toBe(direct.status);
        // /metrics counts every request, so two answers never match byte for byte.
        if (url !== '/metrics') expect(proxied.body, `${who} ${url}`).toBe(direct.body);
        else if (proxied.status === 200) expect(proxied.headers.get('cache-control')).toBe('no-store');
      }
    }
  });

  // /metrics and the event stream are never kept (no-store) and have no validators.
  it.each(operations.filter(([t]) => t !== '/metrics' && t !== '/api/v1/events'))(
    '%s: private, and revalidated to 304 when the proxy passes the condition',
    async (_template, url) => {
      const first = await fetchText(`${proxy.base}${url}`, CREDENTIALS.key!());
      expect(first.status).toBe(200);
      const etag = first.headers.get('etag');
      expect(etag).toMatch(/^W\/"/);
      expect(first.headers.get('cache-control')).toMatch(/^private/);
      expect(first.headers.get('vary')).toContain('Authorization');
      const again = await fetch(`${proxy.base}${url}`, { headers: { ...CREDENTIALS.key!(), 'If-None-Match': etag! } });
      // nginx with proxy_cache drops the condition on its way up unless told otherwise: then a 200, never another's answer.
      expect(again.status).toBe(passConditionals ? 304 : 200);
      expect(again.headers.get('vary')).toBe(first.headers.get('vary'));
    },
  );
});

describe("behind Debian's nginx with proxy_cache, access control off", () => {
  let api: ApiFixture;
  let proxy: CachingProxy;
  beforeAll(async () => {
    api = await startApi();
    proxy = await startCachingProxy(api.base);
  });
  afterAll(async () => {
    await proxy?.stop();
    await api?.close();
  });

  it('keeps shareable answers and revalidates them to 304 from its cache', async () => {
    const url = `${proxy.base}${SAMPLES['/api/v1/fleet/utilization']}`;
    const first = await fetch(url);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const hit = await fetch(url);
    expect(hit.headers.get('x-cache')).toBe('HIT');
    const again = await fetch(url, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('keeps the widgets chunks it caches apart by encoding', async () => {
    const bundle = await (await fetch(`${proxy.base}/widgets/spindle-widgets.js`)).text();
    const chunk = `${proxy.base}/widgets/${/chunks\/vega-runtime-\w+\.js/.exec(bundle)?.[0]}`;
    // Twice over, so the second round meets what the cache kept in the first.
    for (let round = 0; round < 2; round++) {
      for (const encoding of ['br', 'gzip', 'identity']) {
        const res = await fetch(chunk, { headers: { 'Accept-Encoding': encoding } });
        expect(res.status).toBe(200);
        expect(res.headers.get('content-encoding'), `${encoding}, round ${round}`).toBe(encoding === 'identity' ? null : encoding);
        expect(await res.text()).toContain('cspSafeView');
      }
    }
  });
});

describe('with access control off', () => {
  let api: ApiFixture;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api?.close());

  it('answers stay shareable, and a 304 says what its 200 said', async () => {
    const first = await fetch(`${api.base}/api/v1/machines`, { headers: { 'Accept-Encoding': 'gzip' } });
    expect(first.headers.get('cache-control')).toBe('public, max-age=60');
    const again = await fetch(`${api.base}/api/v1/machines`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect(again.headers.get('vary')).toBe(first.headers.get('vary'));
    expect(again.headers.get('cache-control')).toBe(first.headers.get('cache-control'));
  });
});
