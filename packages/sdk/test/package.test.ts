import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));
const bin = (name: string) => fileURLToPath(new URL(`../../../node_modules/.bin/${name}`, import.meta.url));
const run = (cmd: string, args: string[]) => spawnSync(bin(cmd), args, { cwd: pkg, encoding: 'utf8' });

it('has generated types that match openapi.yaml', () => {
  const r = run('openapi-typescript', ['../../openapi.yaml', '-o', 'src/generated/api.ts', '--check']);
  expect(r.status, `${r.stdout}${r.stderr}\nrun \`npm run generate -w @spindle/sdk\``).toBe(0);
}, 60_000);

// The SDK passes each operation's query as the spec types it, without casts: a
// parameter the spec makes required breaks the SDK's build until a method sends it.
it('stops compiling when the spec adds a required parameter the SDK does not send', () => {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', 'sdk-types-'));
  cpSync(join(pkg, 'src'), join(dir, 'src'), { recursive: true });
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.base.json', compilerOptions: { noEmit: true, declaration: false }, include: ['src'] }),
  );
  const spec = parse(readFileSync(join(root, 'openapi.yaml'), 'utf8'));
  const compile = (doc: unknown) => {
    writeFileSync(join(dir, 'openapi.yaml'), stringify(doc));
    const gen = spawnSync(bin('openapi-typescript'), ['openapi.yaml', '-o', 'src/generated/api.ts'], { cwd: dir, encoding: 'utf8' });
    expect(gen.status, gen.stderr).toBe(0);
    return spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { cwd: dir, encoding: 'utf8' });
  };
  expect(compile(spec).status).toBe(0);
  spec.paths['/api/v1/machines/{id}/energy'].get.parameters.push({
    name: 'tariff',
    in: 'query',
    required: true,
    schema: { type: 'string' },
  });
  const broken = compile(spec);
  expect(broken.status).not.toBe(0);
  expect(broken.stdout).toMatch(/src\/client\.ts.*Property 'tariff' is missing/);
}, 60_000);
