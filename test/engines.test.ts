import { readFileSync } from 'node:fs';
import semver from 'semver';
import { expect, it } from 'vitest';

const root = new URL('..', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { engines?: { node?: string } | string[] }>;
};
const { engines } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { engines: { node: string } };

// The README promises Node 20: `npm ci` on it must install every package without EBADENGINE,
// dev tools included (a test dependency that wanted Node 22 once slipped in through openapi-backend).
it('installs on the oldest Node the project supports: every locked package accepts it', () => {
  const oldest = semver.minVersion(engines.node)!.version;
  const refusing = Object.entries(lock.packages)
    .map(([path, meta]) => [path, Array.isArray(meta.engines) ? undefined : meta.engines?.node] as const)
    .filter(([, range]) => range !== undefined && !semver.satisfies(oldest, range, { includePrerelease: true }))
    .map(([path, range]) => `${path.replace(/^node_modules\//, '')} wants node ${range}`);
  expect(oldest).toBe('20.19.0');
  expect(refusing).toEqual([]);
});
