// One side of npm run bench:api in its own process, as a server runs in production:
// the load generator must not share its event loop. Prints the port it listens on.
// Usage: node bench-target.mjs floor|server DATABASE_URL SQL_MAP.json
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import pg from 'pg';
import { createServer } from '../dist/index.js';

const [kind, databaseUrl, sqlMapFile] = process.argv.slice(2);
let handler;
let close;
if (kind === 'floor') {
  // The floor: the same SQL, a pool of the same size, JSON.stringify, nothing else.
  const sqlFor = new Map(JSON.parse(readFileSync(sqlMapFile, 'utf8')));
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  handler = async (req, res) => {
    const u = new URL(req.url, 'http://x');
    const m = /^\/api\/v1\/machines\/([^/]+)/.exec(u.pathname)?.[1] ?? 'fleet';
    const { rows } = await pool.query(sqlFor.get(req.url), [m, u.searchParams.get('from'), u.searchParams.get('to')]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ items: rows }));
  };
  close = () => pool.end();
} else {
  const api = createServer({ databaseUrl, poolSize: 10, log: () => {} });
  handler = api.handler;
  close = () => api.close();
}
const server = createHttpServer(handler).listen(0, '127.0.0.1', () => console.log(server.address().port));
process.once('SIGTERM', async () => {
  server.close();
  await close();
  process.exit(0);
});
