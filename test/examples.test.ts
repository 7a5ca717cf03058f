import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimulatedMachine } from '@spindle/test-kit/fleet-databases';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';

const run = promisify(execFile);
const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const etlBin = fileURLToPath(new URL('../packages/etl/dist/cli/main.js', import.meta.url));

// Every example runs here as a user would run it, so none can rot.
describe('examples', () => {
  let api: ApiFixture;
  const drops: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
    for (const drop of drops) await drop();
  });

  it('sdk-node prints last week per machine', async () => {
    const { stdout } = await run(process.execPath, [join(examples, 'sdk-node/print-utilization.mjs')], {
      env: { ...process.env, SPINDLE_URL: api.base },
    });
    const lines = stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['2207', '5001']);
    expect(lines[0]).toMatch(/2024-03-27\.\.2024-04-02 +running +[\d.]+ % +idle +[\d.]+ % +offline +[\d.]+ %/);
  });

  async function fleetFile(dir: string): Promise<{ config: string; databaseUrl: string }> {
    const machine = await createSimulatedMachine('spindle_ex');
    drops.push(machine.drop);
    const config = join(dir, 'fleet.json');
    writeFileSync(config, JSON.stringify(machine.json));
    return { config, databaseUrl: machine.databaseUrl };
  }

  it('etl-library runs the ETL from code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-ex-'));
    const { config, databaseUrl } = await fleetFile(dir);
    const { stdout } = await run(process.execPath, [join(examples, 'etl-library/run-etl.mjs')], {
      env: { ...process.env, DATABASE_URL: databaseUrl, SPINDLE_CONFIG: config },
    });
    expect(stdout).toMatch(/2207: \d+ rows read, days 2024-03-04\.\.2024-03-05/);
    // Without DATABASE_URL, or with a config that is not there: one line naming the fix, exit 2.
    const script = join(examples, 'etl-library/run-etl.mjs');
    const noDb = await run(process.execPath, [script], { env: { ...process.env, DATABASE_URL: '' } }).catch((e) => e);
    expect([noDb.code, noDb.stderr]).toEqual([2, 'run-etl: set DATABASE_URL to the aggregation DB, e.g. postgres://etl@db/spindle\n']);
    const noConfig = await run(process.execPath, [script], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: databaseUrl, SPINDLE_CONFIG: '' },
    }).catch((e) => e);
    expect(noConfig.code).toBe(2);
    expect(noConfig.stderr).toMatch(/^run-etl: cannot read fleet config spindle\.config\.yaml: .*; set SPINDLE_CONFIG\n$/);
  });

  it('cron runs the crontab command, and the systemd unit runs the same one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-cron-'));
    const { config, databaseUrl } = await fleetFile(dir);
    writeFileSync(join(dir, '.env'), `DATABASE_URL=${databaseUrl}\nSPINDLE_CONFIG=${config}\n`);
    await run(process.execPath, [etlBin, 'migrate'], { cwd: dir });
    const crontab = readFileSync(join(examples, 'cron/crontab'), 'utf8').split('\n');
    const line = crontab.find((l) => /^[*\d]/.test(l))!;
    // The PATH cron gets names the local install's bin folder, as the systemd unit does.
    expect(crontab).toContain('PATH=/opt/spindle/node_modules/.bin:/usr/local/bin:/usr/bin:/bin');
    expect(readFileSync(join(examples, 'cron/spindle-etl.service'), 'utf8')).toContain(
      'Environment=PATH=/opt/spindle/node_modules/.bin:/usr/local/bin:/usr/bin:/bin',
    );
    const command = line.trim().split(/\s+/).slice(5).join(' ');
    const log = join(dir, 'etl.log');
    const local = command
      .replace('cd /opt/spindle', `cd ${dir}`)
      .replace('spindle-etl', `${process.execPath} ${etlBin}`)
      .replace('/var/log/spindle/etl.log', log);
    await run('sh', ['-c', local]);
    const events = readFileSync(log, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.find((e) => e.event === 'machine-done')).toMatchObject({ machineId: '2207', fromDay: '2024-03-04' });
    const service = readFileSync(join(examples, 'cron/spindle-etl.service'), 'utf8');
    expect(service).toContain(`ExecStart=/usr/bin/env ${command.split('&& ')[1]!.split(' >>')[0]}`);
  });

  it('bi downloads the CSV of its sample', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spindle-bi-'));
    const { stdout } = await run(join(examples, 'bi/download.sh'), ['2207', '2024-03-25', '2024-03-26'], {
      cwd: dir,
      env: { ...process.env, SPINDLE_URL: api.base },
    });
    const csv = readFileSync(join(dir, stdout.trim()), 'utf8');
    const sample = readFileSync(join(examples, 'bi/utilization-sample.csv'), 'utf8');
    const usage = await run(join(examples, 'bi/download.sh'), [], { cwd: dir }).catch((e) => e);
    expect([usage.code, usage.stderr]).toEqual([2, expect.stringMatching(/^usage: SPINDLE_URL=.* MACHINE FROM TO/)]);
    const unknown = await run(join(examples, 'bi/download.sh'), ['9999', '2024-03-25', '2024-03-26'], {
      cwd: dir,
      env: { ...process.env, SPINDLE_URL: api.base },
    }).catch((e) => e);
    expect(unknown.code).toBe(1);
    const empty = await run(join(examples, 'bi/download.sh'), ['2207', '2020-01-01', '2020-01-31'], {
      cwd: dir,
      env: { ...process.env, SPINDLE_URL: api.base },
    }).catch((e) => e);
    expect([empty.code, empty.stderr]).toEqual([
      3,
      expect.stringContaining('download.sh: no data for machine 2207 from 2020-01-01 to 2020-01-31'),
    ]);
    expect(unknown.stderr).toContain(
      'download.sh: the server refused: {"type":"about:blank","title":"Not found","status":404,"detail":"no machine \\"9999\\"',
    );
    expect(csv.split('\r\n')[0]).toBe(sample.split('\r\n')[0]);
    expect(csv.split('\r\n')).toHaveLength(1 + 2 * 3 + 1);
  });
});
