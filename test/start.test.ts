import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { expect, it } from 'vitest';

const START = fileURLToPath(new URL('../scripts/start.mjs', import.meta.url));

// The newcomer path of the README: no database configured, the embedded demo runs.
// Seven days, whatever today's weekday: a shorter demo can fall on a weekend, when
// the machine that works weekdays only has a single day of data.
it('npm start runs the ETL on the embedded PGlite databases, serves the API and the dashboard, and stops cleanly on Ctrl-C', async () => {
  const env = {
    ...process.env,
    DATABASE_URL: undefined,
    SPINDLE_CONFIG: undefined,
    SPINDLE_DEMO_DAYS: '7',
    SPINDLE_DEMO_LIVE: '1',
    PORT: '0',
  };
  const child = spawn(process.execPath, [START], { env, cwd: fileURLToPath(new URL('.', import.meta.url)) });
  let out = '';
  child.stderr.on('data', (d) => (out += d));
  const [url, api] = await new Promise<[string, string]>((resolve, reject) => {
    child.stdout.on('data', (d) => {
      out += d;
      const db = /database +(\S+)/.exec(out);
      const docs = /API docs +(\S+)\/docs/.exec(out);
      if (db && docs && out.includes('Press Ctrl-C')) resolve([db[1]!, docs[1]!]);
    });
    child.on('close', () => reject(new Error(`npm start ended early:\n${out}`)));
  });
  expect(out).toMatch(/machine 2207: [\d,]+ rows read/);

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query('SELECT machine_id, count(*)::int AS days FROM utilization_day GROUP BY 1 ORDER BY 1');
  await client.end();
  expect(rows.map((r) => r.machine_id)).toEqual(['2207', '3104', '5001']);
  expect(rows.map((r) => r.days >= 4)).toEqual([true, true, true]);

  const machines: any = await (await fetch(`${api}/api/v1/machines`)).json();
  expect(machines.items.map((m: { id: string }) => m.id)).toEqual(['2207', '3104', '5001']);
  const status: any = await (await fetch(`${api}/api/v1/status`)).json();
  expect(status.items.every((s: any) => s.lastRun.status === 'succeeded')).toBe(true);
  expect((await fetch(`${api}/docs`)).status).toBe(200);
  expect(out).toContain(`dashboard  ${api}/`);
  const dashboard = await (await fetch(`${api}/`)).text();
  expect(dashboard).toContain('<spindle-dashboard');
  expect((await fetch(`${api}/widgets/spindle-widgets.js`)).status).toBe(200);

  // The demo lives: the machines keep logging and the ETL folds it in, so a
  // conditional request that answered 304 soon answers 200 with a later watermark.
  const first = await fetch(`${api}/api/v1/status`);
  const watermarks = (body: any) => body.items.map((s: any) => Date.parse(s.watermark));
  const before = watermarks(await first.json());
  expect(before.every((w: number) => w <= Date.now())).toBe(true);
  let after = before;
  for (let i = 0; i < 40 && after.every((w: number, j: number) => w === before[j]); i++) {
    await new Promise((r) => setTimeout(r, 500));
    const res = await fetch(`${api}/api/v1/status`, { headers: { 'If-None-Match': first.headers.get('etag')! } });
    if (res.status === 200) after = watermarks(await res.json());
  }
  expect(after.some((w: number, j: number) => w > before[j])).toBe(true);

  const code = await new Promise<number | null>((resolve) => {
    child.on('close', resolve);
    child.kill('SIGINT');
  });
  expect(code).toBe(0);
}, 120_000);

it('npm start names a bad setting and exits 2 before starting anything', async () => {
  const { spawnSync } = await import('node:child_process');
  const r = spawnSync(process.execPath, [START], {
    env: { ...process.env, DATABASE_URL: undefined, SPINDLE_DEMO_LIVE: 'often' },
    encoding: 'utf8',
  });
  expect([r.status, r.stderr.trim()]).toEqual([
    2,
    'npm start: SPINDLE_DEMO_LIVE=often is not a number of seconds ≥ 0 (0 turns the live demo off)',
  ]);
});

it('npm start names a busy port and exits 2 before simulating anything', async () => {
  const { createServer } = await import('node:net');
  const busy = createServer().listen(0, '127.0.0.1');
  await new Promise((r) => busy.once('listening', r));
  const port = (busy.address() as { port: number }).port;
  const { spawnSync } = await import('node:child_process');
  const started = Date.now();
  const r = spawnSync(process.execPath, [START], {
    env: { ...process.env, DATABASE_URL: undefined, PORT: String(port) },
    encoding: 'utf8',
  });
  busy.close();
  expect([r.status, r.stderr.trim()]).toEqual([
    2,
    `npm start: port ${port} on 127.0.0.1 is in use: set PORT to a free one (PORT=0 picks any)`,
  ]);
  expect(r.stdout).not.toContain('simulating');
  expect(Date.now() - started).toBeLessThan(10_000);
});

it('npm start builds only when a source changed since the last build', async () => {
  const { execFile } = await import('node:child_process');
  const { mkdtempSync, statSync, utimesSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const script = fileURLToPath(new URL('../scripts/build-if-changed.mjs', import.meta.url));
  const env = { ...process.env, SPINDLE_BUILD_STAMP: join(mkdtempSync(join(tmpdir(), 'spindle-stamp-')), 'fingerprint') };
  const check = () =>
    new Promise<number>((resolve) =>
      execFile(process.execPath, [script, '--check'], { env }, (err) => resolve(err ? Number(err.code) : 0)),
    );
  expect(await check()).toBe(1); // never built with this stamp
  await new Promise((resolve, reject) =>
    execFile(process.execPath, [script, '--record'], { env }, (err) => (err ? reject(err) : resolve(null))),
  );
  expect(await check()).toBe(0);
  // A source touched: the next start builds.
  const source = fileURLToPath(new URL('../packages/sdk/src/index.ts', import.meta.url));
  const before = statSync(source);
  const later = new Date(Date.now() + 5000);
  utimesSync(source, later, later);
  try {
    expect(await check()).toBe(1);
  } finally {
    utimesSync(source, before.atime, before.mtime);
  }
});
