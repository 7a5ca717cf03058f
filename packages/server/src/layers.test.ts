import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

// The server's folders from the bottom up: a module imports only from its own
// folder or a lower one, so the house drawn from its imports has no arrow
// running back up. `.` is create-server.ts and index.ts.
const LAYERS: Record<string, number> = {
  db: 0,
  http: 1,
  contract: 2,
  access: 3,
  respond: 3,
  observe: 3,
  pages: 4,
  routes: 4,
  '.': 5,
  cli: 6,
};

const src = dirname(fileURLToPath(import.meta.url));
const modules = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));

it('puts every module in a folder of a known layer', () => {
  expect(modules.map((f) => dirname(f)).filter((d) => LAYERS[d] === undefined)).toEqual([]);
});

it('imports only from the same folder or a lower one', () => {
  const upward: string[] = [];
  for (const file of modules) {
    const from = dirname(file);
    for (const [, target] of readFileSync(join(src, file), 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const to = dirname(relative(src, join(src, from, target!)));
      if (to !== from && LAYERS[to]! >= LAYERS[from]!) upward.push(`${file} → ${target}`);
    }
  }
  expect(upward).toEqual([]);
});
