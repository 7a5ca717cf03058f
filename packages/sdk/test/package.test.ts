import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));
const run = (cmd: string, args: string[]) => spawnSync(bin(cmd), args, { cwd: pkg, encoding: 'utf8' });

it('has generated types that match openapi.yaml', () => {
  const r = run('openapi-typescript', ['../../openapi.yaml', '-o', 'src/generated/api.ts', '--check']);
  expect(r.status, `${r.stdout}${r.stderr}\nrun \`npm run generate -w @spindle/sdk\``).toBe(0);
}, 60_000);
