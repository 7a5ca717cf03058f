// npm run release -- <version | patch | minor | major> [--out DIR]
// npm run release -- --pack-only [--no-build] [--out DIR]
//
// Versions every package together (lerna, exact pins between them), dates the
// changelog's "Unreleased" section, builds, and writes what a host without this
// repository installs: one tarball per package, SHA256SUMS and the release's
// notes, in DIR/<version>/ (default releases/). --pack-only packs the versions as
// they are, touching nothing else (--no-build: as already built). Committing and tagging stay with the person
// releasing: the script prints the commands.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const PACKAGES = ['core', 'sdk', 'etl', 'server', 'widgets'];
const USAGE =
  'usage: npm run release -- <version | patch | minor | major> [--out DIR]\n       npm run release -- --pack-only [--no-build] [--out DIR]';

function fail(message) {
  console.error(`release: ${message}\n${USAGE}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      'pack-only': { type: 'boolean' },
      'no-build': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const bump = positionals[0];
if (values['pack-only'] ? positionals.length > 0 : positionals.length !== 1) fail('give one version or bump, or --pack-only');
if (bump && values['no-build']) fail('--no-build packs what is built: only with --pack-only');
if (bump && !/^(patch|minor|major|\d+\.\d+\.\d+(-[\w.]+)?)$/.test(bump))
  fail(`"${bump}" is not a version (1.2.3) nor patch, minor or major`);

// Tools' output goes to stderr: stdout carries only the release folder, for scripts.
const run = (cmd, args, cwd = root) => execFileSync(cmd, args, { cwd, stdio: ['ignore', 2, 'inherit'] });
const version = () => JSON.parse(readFileSync(join(root, 'lerna.json'), 'utf8')).version;

if (bump) {
  const before = version();
  // No tag, no commit, no push: the script only writes files; the working tree check is git's, at commit time.
  run(join(root, 'node_modules/.bin/lerna'), ['version', bump, '--exact', '--force-publish', '--no-git-tag-version', '--no-push', '--yes']);
  dateChangelog(version(), before);
}
const v = version();

if (!values['no-build']) {
  console.error(`release: building ${v}`);
  run('npm', ['run', 'build']);
}
const out = resolve(root, values.out ?? 'releases', v);
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const name of PACKAGES) run('npm', ['pack', '--silent', '--pack-destination', out], join(root, 'packages', name));
const tarballs = readdirSync(out)
  .filter((f) => f.endsWith('.tgz'))
  .sort();
if (tarballs.length !== PACKAGES.length) throw new Error(`expected ${PACKAGES.length} tarballs in ${out}, found ${tarballs.join(', ')}`);
const sums = tarballs.map(
  (f) =>
    `${createHash('sha256')
      .update(readFileSync(join(out, f)))
      .digest('hex')}  ${f}`,
);
writeFileSync(join(out, 'SHA256SUMS'), `${sums.join('\n')}\n`);
writeFileSync(join(out, 'CHANGELOG.md'), notes(v));

console.log(out);
console.error(`release: ${tarballs.length} tarballs, SHA256SUMS and CHANGELOG.md in ${out}
  check:   (cd ${out} && sha256sum -c SHA256SUMS)
  install: see docs/install.md${bump ? `\n  then:    git commit -am "Release ${v}" && git tag v${v}` : ''}`);

/** Renames "## Unreleased" to this version and date, and opens a new empty one above it. */
function dateChangelog(next, before) {
  const file = join(root, 'CHANGELOG.md');
  const text = readFileSync(file, 'utf8');
  if (!text.includes('\n## Unreleased\n')) fail(`CHANGELOG.md has no "## Unreleased" section to release as ${next} (was ${before})`);
  const day = new Date().toISOString().slice(0, 10);
  writeFileSync(file, text.replace('\n## Unreleased\n', `\n## Unreleased\n\n## ${next} (${day})\n`));
}

/** The changelog's section of version `v` (or Unreleased, for a pack of unreleased work). */
function notes(v) {
  const text = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const sections = text.split(/\n(?=## )/);
  const released = sections.find((s) => s.startsWith(`## ${v} `));
  const section = released ?? sections.find((s) => s.startsWith('## Unreleased')) ?? '';
  const title = released ? `# Spindle ${v}` : `# Spindle ${v}, with the changes not yet released`;
  return `${title}\n\n${section.replace(/^## .*\n/, '').trim()}\n`;
}
