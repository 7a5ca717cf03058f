// The pages a package's README links to, inside its tarball.
//
// In the repository a package README links the shared pages (`../../docs/metrics.md`);
// in a published tarball those links would lead nowhere. npm runs this script as
// `prepack` in the package's folder: it copies every page the README reaches (and
// the pages those link to) into `docs/` beside it and points the links there.
// `postpack` (`--restore`) puts the README back and removes the copies.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';

const pkg = process.cwd();
const root = resolve(pkg, '../..');
const README = join(pkg, 'README.md');
const BACKUP = join(pkg, '.README.repo.md');
const OUT = join(pkg, 'docs');
const LINK = /\[([^\]]*)\]\(([^)\s#]+)(#[^)\s]*)?\)/g;

function restore() {
  if (existsSync(BACKUP)) renameSync(BACKUP, README);
  rmSync(OUT, { recursive: true, force: true });
}

/**
 * Rewrites the relative links of `text`, a page of folder `from` that will live
 * in folder `at`: pages outside the package are queued for copying into `docs/`
 * and linked there; a folder outside it (no page to copy) becomes plain text.
 */
function rewrite(text, from, at, queue, copied) {
  return text.replace(LINK, (whole, label, target, hash = '') => {
    if (/^[a-z]+:/i.test(target)) return whole;
    const path = resolve(from, target);
    if (!relative(pkg, path).startsWith('..')) return `[${label}](${relative(at, path)}${hash})`;
    if (relative(root, path).startsWith('..') || !existsSync(path))
      throw new Error(`${relative(root, from)}: the link ${target} leads nowhere`);
    if (statSync(path).isDirectory()) return label;
    const name = basename(path);
    const other = [...copied].find(([p, n]) => n === name && p !== path);
    if (other) throw new Error(`two linked pages are named ${name}: ${relative(root, path)} and ${relative(root, other[0])}`);
    if (!copied.has(path)) {
      copied.set(path, name);
      queue.push(path);
    }
    return `[${label}](${relative(at, join(OUT, name))}${hash})`;
  });
}

restore();
if (process.argv.includes('--restore')) process.exit(0);

const copied = new Map();
const queue = [];
const readme = readFileSync(README, 'utf8');
const packed = rewrite(readme, pkg, pkg, queue, copied);
if (copied.size === 0) process.exit(0);
mkdirSync(OUT, { recursive: true });
while (queue.length > 0) {
  const path = queue.shift();
  const out = join(OUT, copied.get(path));
  if (path.endsWith('.md')) writeFileSync(out, rewrite(readFileSync(path, 'utf8'), dirname(path), OUT, queue, copied));
  else copyFileSync(path, out);
}
writeFileSync(BACKUP, readme);
writeFileSync(README, packed);
