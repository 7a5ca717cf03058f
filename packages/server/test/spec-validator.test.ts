import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { specPath } from '../src/create-server.js';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateResponse } from '@spindle/test-kit/spec-validator';

const json = (body: unknown, status = 200, type = 'application/json') => ({
  status,
  headers: new Headers({ 'content-type': type, etag: '"x"', 'cache-control': 'public' }),
  body: JSON.stringify(body),
});

describe('the response check used by the API tests', () => {
  it('accepts a body that matches the spec', () => {
    expect(
      validateResponse(
        'GET',
        '/api/v1/machines/1/energy?from=2024-01-01',
        json({ items: [{ start: '2024-01-01T00:00:00.000Z', startLocal: '2024-01-01T01:00:00.000+01:00', day: '2024-01-01', kwh: 1.5 }] }),
      ),
    ).toEqual([]);
  });

  it('rejects a wrong field, an undocumented status and a missing header', () => {
    expect(
      validateResponse(
        'GET',
        '/api/v1/machines/1/energy',
        json({ items: [{ start: 'yesterday', startLocal: '2024-01-01T01:00:00.000+01:00', day: '2024-01-01', kwh: -1 }] }),
      ).length,
    ).toBe(2);
    expect(validateResponse('GET', '/api/v1/machines', json({ items: [] }, 418))).toEqual([
      'GET /api/v1/machines does not document status 418',
    ]);
    const noTag = { ...json({ items: [] }), headers: new Headers({ 'content-type': 'application/json' }) };
    expect(validateResponse('GET', '/api/v1/machines', noTag)).toEqual(['missing header etag', 'missing header cache-control']);
  });

  it('checks error bodies and redirects too', () => {
    const problem = (body: unknown) => json(body, 400, 'application/problem+json');
    expect(
      validateResponse('GET', '/api/v1/machines/1/energy', problem({ type: 'about:blank', title: 'Bad request', status: 400 })),
    ).toEqual([]);
    expect(validateResponse('GET', '/api/v1/machines/1/energy', problem({ title: 'Bad request' }))).toEqual([
      " must have required property 'type'",
      " must have required property 'status'",
    ]);
    const see = (headers: Record<string, string>) => ({ status: 303, headers: new Headers(headers), body: '' });
    expect(validateResponse('GET', '/api/v1/machines/1/energy?format=csv', see({ location: '/api/v1/machines/1/energy.csv' }))).toEqual([]);
    expect(validateResponse('GET', '/api/v1/machines/1/energy?format=csv', see({}))).toEqual(['missing header location']);
    expect(validateResponse('GET', '/api/v1/machines/1/energy.csv', see({ location: '/x' }))).toEqual([
      'GET /api/v1/machines/{id}/energy.csv does not document status 303',
    ]);
  });
});

// Generators type a response by its media types: JSON beside CSV in one response
// made orval type every list `Data | Csv` and parse CSV as JSON.
it('declares no response with both JSON and CSV, and a CSV twin for every list', () => {
  const spec = parse(readFileSync(specPath(), 'utf8'));
  const resolve = (r: any) =>
    r.$ref
      ? r.$ref
          .slice(2)
          .split('/')
          .reduce((o: any, k: string) => o[k], spec)
      : r;
  const mixed: string[] = [];
  const lists: string[] = [];
  for (const [path, item] of Object.entries<any>(spec.paths)) {
    for (const [status, response] of Object.entries<any>(item.get.responses)) {
      const types = Object.keys(resolve(response).content ?? {});
      if (types.includes('text/csv') && types.length > 1) mixed.push(`${path} ${status}`);
      if (status === '200' && path.startsWith('/api/') && types.includes('application/json') && !spec.paths[`${path}.csv`])
        lists.push(path);
    }
  }
  expect(mixed).toEqual([]);
  expect(lists).toEqual([]);
});

it('openapi.yaml lints clean with Redocly', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const r = spawnSync(process.execPath, [`${root}/node_modules/@redocly/cli/bin/cli.js`, 'lint', 'openapi.yaml', '--format=stylish'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(r.stdout + r.stderr).toContain('Your API description is valid');
  expect(r.status).toBe(0);
}, 60_000);
