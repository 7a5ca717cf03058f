// A third-party portal's backend, reduced to what embedding Spindle needs: it
// serves its own page, and signs short-lived embed tokens for the machines this
// portal may show. The Spindle server shares the secret (SPINDLE_TOKEN_SECRET).
//
// Usage: SPINDLE_URL=http://localhost:8080 SPINDLE_TOKEN_SECRET=... node serve-portal.mjs
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { signEmbedToken } from '@spindle/server';

const spindleUrl = process.env.SPINDLE_URL ?? 'http://localhost:8080';
const secret = process.env.SPINDLE_TOKEN_SECRET;
if (!secret) {
  console.error('set SPINDLE_TOKEN_SECRET to the secret the Spindle server was started with');
  process.exit(2);
}
const machines = (process.env.PORTAL_MACHINES ?? '2207').split(',');
const template = readFileSync(new URL('index.html', import.meta.url), 'utf8')
  .replaceAll('{{SPINDLE_URL}}', spindleUrl)
  .replaceAll('{{MACHINE}}', machines[0]);

// A real portal checks its own session before signing.
const sign = () => signEmbedToken({ exp: Math.floor(Date.now() / 1000) + 10 * 60, machines, sub: 'acme-portal' }, secret);

const server = createServer((req, res) => {
  if (req.url === '/') {
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' })
      .end(template.replaceAll('{{TOKEN}}', sign()));
  } else if (req.url === '/spindle-token') {
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-store' }).end(sign());
  } else {
    res.writeHead(404).end();
  }
});
server.listen(Number(process.env.PORT ?? 3000), () => console.log(`portal on http://localhost:${server.address().port}/`));
process.once('SIGTERM', () => server.close());
