import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { validateResponse } from './spec-validator.js';

const json = (body: unknown, status = 200, type = 'application/json') => ({
  status,
  headers: new Headers({ 'content-type': type, etag: '"x"', 'cache-control': 'public' }),
  body: JSON.stringify(body),
});

describe('the response check used by the API tests', () => {
  it('accepts a body that matches the spec', () => {
    expect(validateResponse('GET', '/api/v1/machines/1/energy?from=2024-01-01', json({ items: [{ start: '2024-01-01T00:00:00.000Z', day: '2024-01-01', kwh: 1.5 }] }))).toEqual([]);
  });

  it('rejects a wrong field, an undocumented status and a missing header', () => {
    expect(validateResponse('GET', '/api/v1/machines/1/energy', json({ items: [{ start: 'yesterday', day: '2024-01-01', kwh: -1 }] })).length).toBe(2);
    expect(validateResponse('GET', '/api/v1/machines', json({ items: [] }, 418))).toEqual(['GET /api/v1/machines does not document status 418']);
    const noTag = { ...json({ items: [] }), headers: new Headers({ 'content-type': 'application/json' }) };
    expect(validateResponse('GET', '/api/v1/machines', noTag)).toEqual(['missing header ETag', 'missing header Cache-Control']);
  });
});

it('openapi.yaml lints clean with Redocly', () => {
  const root = fileURLToPath(new URL('../../..', import.meta.url));
  const r = spawnSync(process.execPath, [`${root}/node_modules/@redocly/cli/bin/cli.js`, 'lint', 'openapi.yaml', '--format=stylish'], { cwd: root, encoding: 'utf8' });
  expect(r.stdout + r.stderr).toContain('Your API description is valid');
  expect(r.status).toBe(0);
}, 60_000);
