import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { parse } from 'yaml';
import { specPath } from '../src/create-server.js';
import { signEmbedToken } from '../src/access/embed-token.js';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { SAMPLES } from './operation-samples.js';

const KEY = 'conformance-key';
const SECRET = 'conformance-secret';
const spec = parse(readFileSync(specPath(), 'utf8'));

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi({ apiKeys: [KEY], tokenSecret: SECRET, requestsPerMinute: 1e9, authFailuresPerMinute: 1e9 });
});
afterAll(() => api.close());

/**
 * Every operation of openapi.yaml, answered and failed: each response goes
 * through the fixture, which checks it against the spec with openapi-backend
 * (status documented, required headers, content type, body schema). The test
 * fails on the first contradiction and names it.
 */
it.each(Object.entries(SAMPLES))('%s: every answer it gives is one the spec documents', async (template, url) => {
  const key = { 'X-API-Key': KEY };
  const seen = new Set<number>();
  const check = async (path: string, headers: Record<string, string>, expected: number) => {
    const res = await api.get(path, headers);
    expect(res.status, `${path} ${JSON.stringify(headers)}`).toBe(expected);
    seen.add(res.status);
    return res;
  };
  const ok = await check(url, key, 200);
  const etag = ok.headers.get('etag');
  if (etag) await check(url, { ...key, 'If-None-Match': etag }, 304);
  await check(url, {}, 401);
  await check(`${url}${url.includes('?') ? '&' : '?'}nope=1`, key, 400);
  if (template.includes('{id}')) {
    await check(url.replace('/2207/', '/0000/'), key, 404);
    await check(
      url,
      { Authorization: `Bearer ${signEmbedToken({ exp: Math.floor(Date.now() / 1000) + 600, machines: ['5001'] }, SECRET)}` },
      403,
    );
  }
  if (spec.paths[`${template}.csv`]) await check(`${url}${url.includes('?') ? '&' : '?'}format=csv`, key, 303);
  // Each status asked for here is one the operation documents (the fixture would have failed otherwise).
  const documented = Object.keys(spec.paths[template].get.responses).map(Number);
  expect([...seen].filter((s) => !documented.includes(s))).toEqual([]);
});
