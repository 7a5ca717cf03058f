import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { createSimulatedMachine } from '@spindle/test-kit/fleet-databases';

const run = promisify(execFile);
const root = fileURLToPath(new URL('..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const PACKAGES = ['core', 'etl', 'server', 'sdk', 'widgets'];

/**
 * The release's tarballs as docs/install.md makes them (`npm run release --
 * --pack-only`, of the packages built already), their checksums verified.
 */
async function release(): Promise<{ dir: string; tarballs: Record<string, string> }> {
  const out = mkdtempSync(join(tmpdir(), 'spindle-release-'));
  const { stdout } = await run(process.execPath, [join(root, 'scripts/release.mjs'), '--pack-only', '--no-build', '--out', out], {
    cwd: root,
  });
  const dir = stdout.trim();
  for (const line of readFileSync(join(dir, 'SHA256SUMS'), 'utf8').trim().split('\n')) {
    const [sum, file] = line.split(/\s+/);
    expect(
      createHash('sha256')
        .update(readFileSync(join(dir, file!)))
        .digest('hex'),
      file,
    ).toBe(sum);
  }
  const files = readdirSync(dir);
  const tarballs = Object.fromEntries(PACKAGES.map((p) => [p, join(dir, files.find((f) => f.startsWith(`spindle-${p}-`))!)]));
  return { dir, tarballs };
}

/** A fresh project that installs `tarballs` as docs/install.md says (no install scripts), engines enforced on this Node. */
async function freshProject(tarballs: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-consumer-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const flags = ['--engine-strict', '--ignore-scripts', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
  await run('npm', ['install', ...flags, ...tarballs], {
    cwd: dir,
    timeout: 240_000,
  });
  return dir;
}

describe('the packed packages in a fresh project', () => {
  let api: ApiFixture;
  let project: string;
  let serverOnly: string;
  beforeAll(async () => {
    const { tarballs } = await release();
    [api, project, serverOnly] = await Promise.all([
      startApi(),
      // With TypeScript's Node types, as a TypeScript consumer has them.
      freshProject([...PACKAGES.map((p) => tarballs[p]!), '@types/node@20', '@types/react@19']),
      freshProject([tarballs.core!, tarballs.etl!, tarballs.server!]),
    ]);
  }, 300_000);
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    await api?.close();
    for (const drop of drops) await drop();
  });

  const node = (file: string, code: string) => {
    writeFileSync(join(project, file), code);
    return run(process.execPath, [file], { cwd: project, env: { ...process.env, SPINDLE_URL: api.base, DATABASE_URL: api.databaseUrl } });
  };

  // npmjs.com and an editor show the README of the installed package: its links must lead somewhere.
  it.each(PACKAGES)(
    '@spindle/%s: every link of the installed README resolves inside the package, and so does every page it cites',
    (name) => {
      const dir = join(project, 'node_modules/@spindle', name);
      const pages = [join(dir, 'README.md')];
      const broken: string[] = [];
      for (let i = 0; i < pages.length; i++) {
        const page = pages[i]!;
        const text = readFileSync(page, 'utf8');
        for (const [, target] of text.matchAll(/\]\(([^)\s#]+)[^)]*\)/g)) {
          if (/^[a-z]+:/i.test(target!)) continue;
          const path = resolve(dirname(page), target!);
          if (relative(dir, path).startsWith('..') || !existsSync(path)) broken.push(`${relative(dir, page)}: ${target}`);
          else if (path.endsWith('.md') && !pages.includes(path)) pages.push(path);
        }
        for (const [, cited] of text.matchAll(/`((?:metrics|api|architecture)\.md)`/g)) {
          if (!existsSync(join(dir, 'docs', cited!))) broken.push(`${relative(dir, page)} cites ${cited}`);
        }
      }
      expect(broken).toEqual([]);
      expect(readFileSync(join(root, 'packages', name, 'README.md'), 'utf8')).not.toContain('](docs/'); // the repository's README is back
    },
  );

  it('imports every entry as ESM and calls the API through it', async () => {
    const { stdout } = await node(
      'esm.mjs',
      `import { createSpindleClient } from '@spindle/sdk';
import { parseFleetConfig, addDays } from '@spindle/etl';
import { wallClock } from '@spindle/core';
import { createGuardedServer, createServer } from '@spindle/server';
const bundle = import.meta.resolve('@spindle/widgets/bundle');
const { handler, ready, close } = createServer({ databaseUrl: process.env.DATABASE_URL, log: () => {} });
await ready();
const http = createGuardedServer(handler).listen(0);
await new Promise((r) => http.once('listening', r));
const own = await createSpindleClient({ baseUrl: 'http://127.0.0.1:' + http.address().port }).machines();
const remote = await createSpindleClient({ baseUrl: process.env.SPINDLE_URL }).machines();
http.close();
await close();
console.log(JSON.stringify({ own: own.data.map((m) => m.id), remote: remote.data.map((m) => m.id), day: addDays('2024-03-31', 1), wall: wallClock('2024-03-31T01:30:00Z', 'Europe/Madrid'), fleet: typeof parseFleetConfig, bundle: bundle.endsWith('spindle-widgets.js') }));`,
    );
    expect(JSON.parse(stdout)).toEqual({
      own: ['2207', '5001'],
      remote: ['2207', '5001'],
      day: '2024-04-01',
      wall: Date.UTC(2024, 2, 31, 3, 30),
      fleet: 'function',
      bundle: true,
    });
  });

  it('requires the CommonJS entries and calls the API through them', async () => {
    const { stdout } = await node(
      'cjs.cjs',
      `const { createSpindleClient } = require('@spindle/sdk');
const { MachineCalendar } = require('@spindle/etl');
const { readStatus } = require('@spindle/core/store');
const { signEmbedToken } = require('@spindle/server');
createSpindleClient({ baseUrl: process.env.SPINDLE_URL }).utilization({ machine: '2207', from: '2024-03-26' }).then((r) => {
  console.log(JSON.stringify({ days: r.data.map((u) => u.day), token: signEmbedToken({ exp: 1, machines: [] }, 's').split('.').length, calendar: typeof MachineCalendar, status: typeof readStatus }));
});`,
    );
    expect(JSON.parse(stdout)).toEqual({ days: ['2024-03-26'], token: 3, calendar: 'function', status: 'function' });
  });

  it('type-checks consumer code with node16 and bundler resolution', async () => {
    writeFileSync(
      join(project, 'consumer.mts'),
      `import { createSpindleClient, type Utilization } from '@spindle/sdk';
import { parseFleetConfig, type FleetConfig } from '@spindle/etl';
import { createServer, type ServerOptions } from '@spindle/server';
import type { SpindleUtilizationElement } from '@spindle/widgets';
const c = createSpindleClient({ baseUrl: 'http://x', apiKey: 'k' });
const r = await c.utilization({ machine: '1', from: '2024-01-01' });
const days: Utilization[] = r.data ?? [];
const fleet: FleetConfig = parseFleetConfig({ machines: [] });
const options: ServerOptions = { databaseUrl: 'postgres://x' };
export const all = [days, fleet, options, createServer, null as SpindleUtilizationElement | null];
// @ts-expect-error a required parameter is missing
await c.utilization({ machine: '1' });
`,
    );
    writeFileSync(
      join(project, 'consumer.cts'),
      `import { createSpindleClient } from '@spindle/sdk';
import { parseFleetConfig } from '@spindle/etl';
export const made = [createSpindleClient({ baseUrl: 'http://x' }), parseFleetConfig];
`,
    );
    const common = ['--noEmit', '--strict', '--target', 'es2022', '--types', 'node', '--skipLibCheck', 'false'];
    await run(process.execPath, [tsc, ...common, '--module', 'node16', '--moduleResolution', 'node16', 'consumer.mts', 'consumer.cts'], {
      cwd: project,
    }).catch((e) => {
      throw new Error(`node16: ${e.stdout}${e.stderr}`);
    });
    await run(
      process.execPath,
      [tsc, ...common, '--module', 'esnext', '--moduleResolution', 'bundler', '--lib', 'es2022,dom', 'consumer.mts'],
      { cwd: project },
    ).catch((e) => {
      throw new Error(`bundler: ${e.stdout}${e.stderr}`);
    });
  }, 120_000);

  it('type-checks JSX of every element with the React typings the widgets ship', async () => {
    writeFileSync(
      join(project, 'portal.tsx'),
      `import type {} from '@spindle/widgets/react';
import { createSpindleClient } from '@spindle/widgets';
const client = createSpindleClient({ baseUrl: 'http://x', apiKey: 'k' });
export const page = (
  <main>
    <spindle-status-board machines="a,b" onspindle-select={(e) => e.detail.machine} />
    <spindle-fleet client={client} selected="a" />
    <spindle-dashboard machine="a" locale="es-ES" />
    <spindle-utilization machine="a" by="shift" />
    <spindle-state-timeline machine="a" />
    <spindle-sensor-stats machine="a" sensor="T" />
    <spindle-programs machine="a" />
    <spindle-energy machine="a" bucket="day" />
    <spindle-alerts machine="a" onspindle-select={(e) => e.detail.alert?.code} />
    <spindle-downtime machine="a" category="error" />
    {/* @ts-expect-error by is day or shift */}
    <spindle-utilization by="week" />
  </main>
);
`,
    );
    const flags = [
      '--noEmit',
      '--strict',
      '--jsx',
      'react-jsx',
      '--module',
      'esnext',
      '--moduleResolution',
      'bundler',
      '--target',
      'es2022',
    ];
    await run(process.execPath, [tsc, ...flags, '--lib', 'es2022,dom', '--types', 'react', 'portal.tsx'], { cwd: project }).catch((e) => {
      throw new Error(`tsx: ${e.stdout}${e.stderr}`);
    });
  }, 120_000);

  it.each(PACKAGES)(
    '@spindle/%s passes publint --strict and attw --pack',
    async (name) => {
      const cwd = join(root, 'packages', name);
      const bin = (tool: string) => join(root, 'node_modules/.bin', tool);
      await run(bin('publint'), ['--strict'], { cwd }).catch((e) => {
        throw new Error(`publint: ${e.stdout}${e.stderr}`);
      });
      // The widgets are for browsers and bundlers: ESM only, so a require() gets them through import().
      const ignore = name === 'widgets' ? ['--ignore-rules', 'cjs-resolves-to-esm'] : [];
      await run(bin('attw'), ['--pack', '.', '--profile', 'node16', ...ignore], { cwd }).catch((e) => {
        throw new Error(`attw: ${e.stdout}${e.stderr}`);
      });
    },
    120_000,
  );

  it('runs the crontab line and the server unit’s command from the installed release, as docs/install.md sets them up', async () => {
    const machine = await createSimulatedMachine('spindle_install');
    drops.push(machine.drop);
    writeFileSync(join(project, 'fleet.json'), JSON.stringify(machine.json));
    writeFileSync(join(project, '.env'), `DATABASE_URL=${machine.databaseUrl}\nSPINDLE_CONFIG=fleet.json\n`);
    const bin = join(project, 'node_modules/.bin');
    // cron's PATH, the install folder in place of /opt/spindle.
    const path = `${bin}:${dirname(process.execPath)}:/usr/bin:/bin`;
    await run(join(bin, 'spindle-etl'), ['migrate'], { cwd: project, env: { ...process.env, PATH: path } });
    const crontab = readFileSync(join(root, 'examples/cron/crontab'), 'utf8').split('\n');
    const line = crontab.find((l) => /^[*\d]/.test(l))!;
    const command = line
      .trim()
      .split(/\s+/)
      .slice(5)
      .join(' ')
      .replace('cd /opt/spindle', `cd ${project}`)
      .replace('/var/log/spindle/etl.log', 'etl.log');
    await run('sh', ['-c', command], { env: { PATH: path, HOME: project } });
    const events = readFileSync(join(project, 'etl.log'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.find((e) => e.event === 'machine-done')).toMatchObject({ machineId: '2207', fromDay: '2024-03-04' });

    // The server unit: the same PATH and folder, `spindle-server` reading DATABASE_URL from .env, PORT from the unit.
    const unit = readFileSync(join(root, 'examples/cron/spindle-server.service'), 'utf8');
    expect(unit).toContain(crontab.find((l) => l.startsWith('PATH='))!.replace('PATH=', 'Environment=PATH='));
    expect(unit).toContain('ExecStart=/usr/bin/env spindle-server');
    const server = spawn(join(bin, 'spindle-server'), [], { cwd: project, env: { PATH: path, HOME: project, PORT: '0' } });
    try {
      const base = await new Promise<string>((resolve, reject) => {
        let out = '';
        // Its log lines go to either stream (journald takes both).
        const read = (d: Buffer) => {
          out += d;
          const m = /listening on (http:\/\/\S+)/.exec(out);
          if (m) resolve(m[1]!);
        };
        server.stdout.on('data', read);
        server.stderr.on('data', read);
        server.on('close', () => reject(new Error(`spindle-server stopped: ${out}`)));
      });
      const status = (await (await fetch(`${base}/api/v1/status`)).json()) as { items: { machineId: string }[] };
      expect(status.items.map((s: { machineId: string }) => s.machineId)).toEqual(['2207']);
      expect((await fetch(`${base}/widgets/spindle-widgets.js`)).status).toBe(200);
      expect(await (await fetch(`${base}/`)).text()).toContain('<spindle-dashboard');
    } finally {
      server.kill('SIGTERM');
    }
    // No install-time telemetry in the tree (docs/install.md).
    expect((await run('npm', ['ls', '@scarf/scarf', '--all'], { cwd: project }).catch((e) => e)).stdout).toContain('(empty)');
  }, 120_000);

  it('installs the server without vega, vega-lite or pg-boss; its spindle-etl runs, and names pg-boss where scale-out needs it', async () => {
    const installed = readdirSync(join(serverOnly, 'node_modules'));
    expect(installed).toContain('fastify');
    expect(installed.filter((p) => /^(vega|vega-lite|pg-boss|lit)$/.test(p))).toEqual([]);
    expect(existsSync(join(serverOnly, 'node_modules/@spindle/widgets'))).toBe(false);
    const bin = join(serverOnly, 'node_modules/.bin/spindle-etl');
    expect((await run(bin, ['--version'], { cwd: serverOnly })).stdout).toBe('spindle-etl 0.1.0\n');
    writeFileSync(join(serverOnly, 'fleet.json'), JSON.stringify({ machines: [{ id: 'm1', source: 'postgres://unused@127.0.0.1:1/x' }] }));
    const enqueue = await run(bin, ['enqueue', '--config', 'fleet.json'], {
      cwd: serverOnly,
      env: { ...process.env, DATABASE_URL: api.databaseUrl },
    }).catch((e) => e);
    expect(enqueue.code).toBe(1);
    expect(enqueue.stderr).toContain('needs pg-boss: npm install pg-boss@^10');
    expect(enqueue.stderr.trim().split('\n')).toHaveLength(1);
  });
});
