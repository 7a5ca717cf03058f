// Serves the built example under a strict Content-Security-Policy, as a portal would.
// Usage: SPINDLE_URL=http://localhost:8080 SPINDLE_API_KEY=... node serve.mjs   (after node build.mjs)
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { join, normalize } from 'node:path';

const here = new URL('.', import.meta.url).pathname;
const spindleUrl = process.env.SPINDLE_URL ?? 'http://localhost:8080';
const page = (await readFile(join(here, 'index.html'), 'utf8'))
  .replaceAll('{{SPINDLE_URL}}', spindleUrl)
  .replaceAll('{{SPINDLE_API_KEY}}', process.env.SPINDLE_API_KEY ?? '');
const csp = `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ${spindleUrl}`;

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/') {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': csp }).end(page);
    return;
  }
  const file = normalize(join(here, path));
  if (file.startsWith(join(here, 'dist/')) && file.endsWith('.js')) {
    try {
      res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(await readFile(file));
      return;
    } catch {
      // 404 below
    }
  }
  res.writeHead(404).end();
});
server.listen(Number(process.env.PORT ?? 3001), () => console.log(`react example on http://localhost:${server.address().port}/`));
process.once('SIGTERM', () => server.close());
