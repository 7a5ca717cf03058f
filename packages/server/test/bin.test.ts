import { spawn } from 'node:child_process';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

function run(args: string[], env: Record<string, string | undefined> = {}) {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, DATABASE_URL: undefined, PORT: undefined, ...env } });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (out += d));
  const exit = new Promise<number | null>((r) => child.on('close', r));
  return { child, exit, output: () => out };
}

let data: ApiFixture;
beforeAll(async () => {
  data = await startApi();
});
afterAll(() => data.close());

it('prints help, and exits 2 naming a bad option', async () => {
  const help = run(['--help']);
  expect(await help.exit).toBe(0);
  expect(help.output()).toContain('SPINDLE_TOKEN_SECRET');
  const bad = run(['--port', 'eighty'], { DATABASE_URL: data.databaseUrl });
  expect(await bad.exit).toBe(2);
  expect(bad.output()).toContain('--port must be a port number');
  const badConfig = run(['--config', '/nonexistent/fleet.json'], { DATABASE_URL: data.databaseUrl });
  expect(await badConfig.exit).toBe(2);
  expect(badConfig.output()).toContain('cannot read fleet config /nonexistent/fleet.json');
  const none = run([]);
  expect(await none.exit).toBe(2);
  expect(none.output()).toContain('DATABASE_URL');
});

it('serves with several workers and stops cleanly on SIGTERM', async () => {
  const server = run(['--port', '0', '--workers', '2'], { DATABASE_URL: data.databaseUrl });
  const port = await new Promise<number>((resolve) => {
    const timer = setInterval(() => {
      const ports = [...server.output().matchAll(/listening on http:\/\/localhost:(\d+)/g)];
      if (ports.length === 2) {
        clearInterval(timer);
        resolve(Number(ports[0]![1]));
      }
    }, 50);
  });
  expect(port).toBeGreaterThan(0);
  server.child.kill('SIGTERM');
  expect(await server.exit).toBe(0);
  expect(server.output()).toContain('shutting down');
}, 30_000);

it('names a busy port in one line and exits 2', async () => {
  const blocker = createNetServer();
  await new Promise<void>((r) => blocker.listen(0, r));
  const busy = (blocker.address() as AddressInfo).port;
  try {
    const server = run(['--port', String(busy)], { DATABASE_URL: data.databaseUrl });
    expect(await server.exit).toBe(2);
    expect(server.output()).toContain(`spindle-server: cannot listen: port ${busy} is already in use`);
    expect(server.output()).not.toMatch(/\n\s+at /);
  } finally {
    blocker.close();
  }
});

it('lets the configured portals frame the pages (CSP frame-ancestors, no X-Frame-Options)', async () => {
  const server = run(['--port', '0', '--frame-ancestors', 'https://portal.example'], { DATABASE_URL: data.databaseUrl });
  const port = await new Promise<number>((resolve) => {
    const timer = setInterval(() => {
      const m = /listening on http:\/\/localhost:(\d+)/.exec(server.output());
      if (m) {
        clearInterval(timer);
        resolve(Number(m[1]));
      }
    }, 50);
  });
  const docs = await fetch(`http://127.0.0.1:${port}/docs`);
  expect(docs.headers.get('content-security-policy')).toContain('frame-ancestors https://portal.example');
  expect(docs.headers.get('x-frame-options')).toBeNull();
  expect(docs.headers.get('x-content-type-options')).toBe('nosniff');
  server.child.kill('SIGTERM');
  expect(await server.exit).toBe(0);
}, 30_000);
