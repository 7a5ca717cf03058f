import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const tracked = (pattern: string[]) =>
  execFileSync('git', ['ls-files', ...pattern], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);

// The repository stands on its own: a fresh clone has every page a link or a citation names.
it('every relative link of every Markdown file resolves inside the repository', () => {
  const broken: string[] = [];
  for (const file of tracked(['*.md'])) {
    const text = readFileSync(join(root, file), 'utf8');
    for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^(https?:|mailto:|#)/.test(target!)) continue;
      const path = resolve(root, dirname(file), target!.split('#')[0]!);
      if (relative(root, path).startsWith('..') || !existsSync(path)) broken.push(`${file}: ${target}`);
    }
  }
  expect(broken).toEqual([]);
});

it('no file points outside the repository for its contract', () => {
  const outside = tracked(['*.md', '*.ts', '*.mjs', '*.yaml', '*.json']).filter((f) =>
    /\.\.\/shared|shared\/docs/.test(readFileSync(join(root, f), 'utf8')),
  );
  expect(outside).toEqual([]);
});

it('every "metrics.md §N" cited in code and docs is a section of docs/metrics.md', () => {
  const sections = new Set([...readFileSync(join(root, 'docs/metrics.md'), 'utf8').matchAll(/^## (\d+)\./gm)].map((m) => m[1]));
  const cited = new Map<string, string>();
  for (const file of tracked(['*.ts', '*.md', '*.yaml', '*.mjs'])) {
    for (const m of readFileSync(join(root, file), 'utf8').matchAll(/metrics\.md[^\n§]{0,12}§\s?(\d+)/g)) cited.set(m[1]!, file);
  }
  const missing = [...cited].filter(([n]) => !sections.has(n)).map(([n, f]) => `§${n} (${f})`);
  expect(cited.size).toBeGreaterThan(3);
  expect(missing).toEqual([]);
});
