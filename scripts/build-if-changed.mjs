// `npm start` builds only when a source changed since the last build: a
// fingerprint of every build input (path, size, mtime) is kept next to
// node_modules, and the build runs again only when it differs or a dist/ is missing.
//
// Usage: node scripts/build-if-changed.mjs [--check | --record]
//   --check   exit 0 when the build is up to date, 1 when it would run
//   --record  write the fingerprint of the current inputs without building
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const stamp = process.env.SPINDLE_BUILD_STAMP ?? join(root, 'node_modules/.cache/spindle/build-fingerprint');
// The packages that build (the private test-kit has nothing to build).
const packages = readdirSync(join(root, 'packages')).filter(
  (p) => JSON.parse(readFileSync(join(root, 'packages', p, 'package.json'), 'utf8')).scripts?.build !== undefined,
);

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* files(path);
    else yield path;
  }
}

function fingerprint() {
  const inputs = [join(root, 'openapi.yaml'), join(root, 'package-lock.json'), join(root, 'tsconfig.base.json')];
  for (const p of packages) {
    const dir = join(root, 'packages', p);
    inputs.push(...files(join(dir, 'src')), ...files(join(dir, 'scripts')));
    for (const f of ['package.json', 'tsup.config.ts', 'tsconfig.json']) if (existsSync(join(dir, f))) inputs.push(join(dir, f));
  }
  const hash = createHash('sha1');
  for (const path of inputs.sort()) {
    const s = statSync(path);
    hash.update(`${path}\0${s.size}\0${s.mtimeMs}\n`);
  }
  return hash.digest('hex');
}

const current = fingerprint();
const built = packages.every((p) => existsSync(join(root, 'packages', p, 'dist')));
const upToDate = built && existsSync(stamp) && readFileSync(stamp, 'utf8') === current;
const record = () => {
  mkdirSync(dirname(stamp), { recursive: true });
  writeFileSync(stamp, current);
};

if (process.argv.includes('--check')) process.exit(upToDate ? 0 : 1);
if (process.argv.includes('--record')) {
  record();
  process.exit(0);
}
if (upToDate) {
  console.log('build: up to date (no source changed since the last one), skipped');
  process.exit(0);
}
console.log('build: sources changed since the last build, building');
const r = spawnSync('npm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status ?? 1);
record();
