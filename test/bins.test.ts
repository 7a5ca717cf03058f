import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));

// npm ci links the workspaces' bins only if their files exist at install time, before any build.
it.each([
  ['spindle-etl', ['--version'], /^spindle-etl 0\.1\.0\n$/],
  ['spindle-server', ['--help'], /^Usage: spindle-server/],
] as const)('npx --offline %s works in the repository, from the bin linked at install', async (bin, args, out) => {
  const { stdout } = await run('npx', ['--offline', '--no-install', bin, ...args], {
    cwd: root,
    env: { ...process.env, npm_config_update_notifier: 'false' },
  });
  expect(stdout).toMatch(out);
});

it('a bin run before the build says to build, in one line, exit 2', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-bin-'));
  mkdirSync(join(dir, 'bin'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  copyFileSync(join(root, 'packages/etl/bin/spindle-etl.js'), join(dir, 'bin/spindle-etl.js'));
  const failed = await run(process.execPath, [join(dir, 'bin/spindle-etl.js'), '--help']).catch((e: { code: number; stderr: string }) => e);
  expect(failed).toMatchObject({ code: 2, stderr: 'spindle-etl: not built yet: run `npm run build` at the repository root\n' });
});
