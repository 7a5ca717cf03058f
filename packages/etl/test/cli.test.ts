import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { aggregateDifferences, readAggregates } from './etl-harness.js';
import { createTestDatabase, open, serverUrl } from '@spindle/test-kit/postgres';

const BIN = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `spindle-etl` binary, as cron would: no terminal, the given environment. */
function cli(args: string[], env: Record<string, string | undefined> = {}, cwd?: string): Promise<Result> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, DATABASE_URL: undefined, SPINDLE_CONFIG: undefined, ...env },
      cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('spindle-etl CLI', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spindle-cli-'));
  const drops: (() => Promise<void>)[] = [];
  let aggUrl: string;
  let srcName: string;
  let config: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const agg = await createTestDatabase('spindle_cli_agg');
    drops.push(agg.drop);
    aggUrl = agg.url;
    srcName = `spindle_cli_src_${process.pid}_${Date.now().toString(36)}`;
    drops.push(async () => {
      const admin = await open(serverUrl());
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(srcName)} WITH (FORCE)`);
      await admin.end();
    });
    config = join(dir, 'fleet.json');
    writeFileSync(
      config,
      JSON.stringify({
        machines: [
          {
            id: 'good',
            source: serverUrl(srcName),
            timezone: 'Europe/Madrid',
            variables: { inOperation: 'MACHINE_IN_OPERATION', motors: [{ name: 'SPINDLE_LOAD_1', nominalKw: 37 }] },
          },
          { id: 'unreachable', source: 'postgres://nobody@127.0.0.1:1/none' },
          { id: 'misnamed', source: serverUrl(srcName), variables: { sensors: [{ name: 'NO_SUCH_SENSOR' }] } },
        ],
      }),
    );
    env = { DATABASE_URL: aggUrl, SPINDLE_CONFIG: config };
  });
  afterAll(async () => {
    for (const drop of drops) await drop();
  });

  it('prints help for the tool and for each command', async () => {
    const main = await cli(['--help']);
    expect(main.code).toBe(0);
    expect(main.stdout).toContain('backfill');
    expect(main.stdout).toContain('Exit codes');
    const run = await cli(['run', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('--lookback HOURS');
    const version = await cli(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: 'spindle-etl 0.1.0\n' });
    // No command: cron must notice, so usage on stderr and exit 2.
    const none = await cli([]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: spindle-etl <command>');
  });

  it('exits 2 naming the problem on bad usage', async () => {
    expect((await cli(['frobnicate'])).code).toBe(2);
    const flag = await cli(['run', '--lookbak', '3'], env);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(/lookbak/);
    expect(flag.stderr).toMatch(/spindle-etl run --help/);
    expect(flag.stderr).toContain('did you mean --lookback?');
    expect((await cli(['run', '--machines', '2207'], env)).stderr).toContain("Unknown option '--machines'; did you mean --machine?");
    expect((await cli(['run', '--frobnicate'], env)).stderr).not.toContain('did you mean');
    const range = await cli(['backfill', '--from', '2024-03-05', '--to', '2024-03-04'], env);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain('--to 2024-03-04 is before --from 2024-03-05');
    const connections = await cli(['run', '--source-connections', '0'], env);
    expect(connections.code).toBe(2);
    expect(connections.stderr).toContain('--source-connections must be a whole number from 1 to 16');
    const lanes = await cli(['run', '--concurrency', '2.5'], env);
    expect(lanes.code).toBe(2);
    expect(lanes.stderr).toContain('--concurrency must be a whole number from 1 to 64');
    const day = await cli(['backfill', '--from', '2024-02-30'], env);
    expect(day.code).toBe(2);
    expect(day.stderr).toContain('--from must be a day YYYY-MM-DD');
  });

  it('exits 2 naming each bad field of the fleet config', async () => {
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ machines: [{ id: 'x', source: 'postgres://a/b', timezone: 'Mars/Olympus', dayStart: '06:30', colour: 'red' }] }),
    );
    const r = await cli(['run', '--config', bad], { DATABASE_URL: aggUrl });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('machines[0].timezone: unknown time zone "Mars/Olympus"');
    expect(r.stderr).toContain('machines[0].dayStart: must be a whole local hour');
    expect(r.stderr).toContain('machines[0].colour: unknown field');
  });

  it('exits 2 when no aggregation DB is configured', async () => {
    const r = await cli(['migrate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL');
  });

  it('names the aggregation DB and the fix, in one line, when it is unreachable or has no schema', async () => {
    const unreachable = await cli(['status'], { DATABASE_URL: 'postgres://spindle:secret@127.0.0.1:1/aggregates' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim()).toMatch(
      /^\S+ error: cannot connect to the aggregation DB \(127\.0\.0\.1:1\/aggregates\): connect ECONNREFUSED/,
    );
    expect(unreachable.stderr).not.toContain('secret');
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    const empty = await createTestDatabase('spindle_cli_empty');
    drops.push(empty.drop);
    for (const command of ['status', 'run']) {
      const r = await cli([command, '--config', config], { DATABASE_URL: empty.url });
      expect(r.code, command).toBe(2);
      expect(r.stderr, command).toMatch(
        /the aggregation DB \(127\.0\.0\.1:\d+\/spindle_cli_empty_\w+\) has no Spindle schema; run `spindle-etl migrate` first/,
      );
    }
  });

  it('migrates, and migrating again changes nothing', async () => {
    const first = await cli(['migrate'], env);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('migrated to version 9');
    const again = await cli(['migrate'], env);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('already at version 9');
  });

  it('migrate creates a missing aggregation database, or says the exact createdb when its role may not', async () => {
    const name = `spindle_cli_created_${Date.now().toString(36)}`;
    const admin = await open(serverUrl());
    drops.push(async () => {
      const a = await open(serverUrl());
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.query('DROP ROLE IF EXISTS spindle_cli_nocreate');
      await a.end();
    });
    await admin.query('DROP ROLE IF EXISTS spindle_cli_nocreate');
    await admin.query('CREATE ROLE spindle_cli_nocreate LOGIN NOCREATEDB');
    await admin.end();
    const url = new URL(serverUrl(name));
    const created = await cli(['migrate'], { DATABASE_URL: url.toString() });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stderr).toContain(`created the aggregation DB "${name}"`);
    expect(created.stderr).toContain('migrated to version 9');
    url.username = 'spindle_cli_nocreate';
    url.pathname = `/${name}_other`;
    const refused = await cli(['migrate'], { DATABASE_URL: url.toString() });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`role "spindle_cli_nocreate" may not create it`);
    expect(refused.stderr).toMatch(/run `createdb -h 127\.0\.0\.1 -p \d+ -U <a role that may create databases> \w+_other`/);
  });

  it('grant-bi makes a role for BI tools, and names a bad role, a missing password variable', async () => {
    expect((await cli(['migrate'], env)).code).toBe(0);
    const role = `spindle_cli_bi_${process.pid}`;
    drops.push(async () => {
      const a = await open(serverUrl());
      await a.query(`DROP ROLE IF EXISTS ${role}`);
      await a.end();
    });
    const made = await cli(['grant-bi', role, '--machines', '2207', '--password-env', 'BI_PASSWORD'], { ...env, BI_PASSWORD: 'pw' });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stderr).toContain(`created role ${role}: reads schema spindle_bi, machines 2207`);
    expect((await cli(['grant-bi', role], env)).stderr).toContain(`updated role ${role}: reads schema spindle_bi, every machine`);
    const bad = await cli(['grant-bi', 'Robert"); DROP'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('use lower-case letters');
    const noPassword = await cli(['grant-bi', role, '--password-env', 'NOT_SET_ANYWHERE'], env);
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('--password-env NOT_SET_ANYWHERE: that variable is not set');
  });

  it('init names a --dir that does not exist, exit 2', async () => {
    const r = await cli(['init', '--dir', '/nonexistent/spindle']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--dir /nonexistent/spindle: no such directory');
    expect(r.stderr).not.toContain('ENOENT');
  });

  it('names what a hand-altered schema lacks in check, migrate and run', async () => {
    const altered = await createTestDatabase('spindle_cli_altered');
    drops.push(altered.drop);
    const alteredEnv = { ...env, DATABASE_URL: altered.url };
    expect((await cli(['migrate'], alteredEnv)).code).toBe(0);
    const db = await open(altered.url);
    await db.query('DROP TABLE alarm_day CASCADE');
    await db.query('ALTER TABLE utilization_day DROP COLUMN planned_seconds CASCADE');
    await db.end();
    const lacks = /lacks column utilization_day\.planned_seconds, table alarm_day/;
    const check = await cli(['check'], alteredEnv);
    expect(check.code).toBe(1);
    expect(check.stdout + check.stderr).toMatch(lacks);
    const migrate = await cli(['migrate'], alteredEnv);
    expect(migrate.code).toBe(2);
    expect(migrate.stderr).toMatch(lacks);
    expect(migrate.stderr).toContain('cannot recreate them');
    const run = await cli(['run'], alteredEnv);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(lacks);
  });

  it('init writes a sample config that simulate, check, backfill and status work from, and never overwrites it', async () => {
    const here = mkdtempSync(join(tmpdir(), 'spindle-init-'));
    const init = await cli(['init', '--dir', here]);
    expect(init.code).toBe(0);
    expect(init.stderr).toContain('spindle-etl check');
    const again = await cli(['init', '--dir', here]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exist; pass --force to overwrite');
    // The sample's database on this test's server, under a name of its own.
    const demo = `spindle_demo_${process.pid}_${Date.now().toString(36)}`;
    const sample = join(here, 'spindle.config.yaml');
    writeFileSync(sample, readFileSync(sample, 'utf8').replace('postgres://postgres@localhost:5432/spindle_demo_2207', serverUrl(demo)));
    drops.push(async () => {
      const admin = await open(serverUrl());
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(demo)} WITH (FORCE)`);
      await admin.end();
    });
    const agg = await createTestDatabase('spindle_cli_init_agg');
    drops.push(agg.drop);
    const env = { DATABASE_URL: agg.url };
    expect((await cli(['migrate'], env, here)).code).toBe(0);
    expect((await cli(['simulate', '--days', '2', '--from', '2024-03-04', '--density', '0.1'], env, here)).code).toBe(0);
    const check = await cli(['check'], env, here);
    expect(check.stdout.split('\n').filter(Boolean)).toEqual([
      'ok   fleet config: 1 machine',
      expect.stringMatching(/^ok {3}aggregation DB 127\.0\.0\.1:\d+\/spindle_cli_init_agg_\w+: schema current$/),
      expect.stringMatching(
        /^ok {3}machine 2207: production DB 127\.0\.0\.1:\d+\/spindle_demo_\w+: 7 configured variables found, \d+ logging$/,
      ),
    ]);
    expect(check.code).toBe(0);
    expect((await cli(['backfill'], env, here)).code).toBe(0);
    const status = JSON.parse((await cli(['status', '--json'], env, here)).stdout);
    expect(status.machines.find((m: any) => m.machineId === '2207').lastRun.status).toBe('succeeded');
  });

  it('simulates into a database it creates, from an .env file', async () => {
    writeFileSync(join(dir, '.env'), `DATABASE_URL=${aggUrl}\nSPINDLE_CONFIG=${config}\n`);
    const r = await cli(['simulate', '--machine', 'good', '--days', '3', '--from', '2024-03-04', '--density', '0.2'], {}, dir);
    expect(r.stderr).toMatch(/machine good: simulated \d+ float and \d+ string rows/);
    expect(r.code).toBe(0);
  });

  it('runs every machine, and one failing does not stop the others (exit 1)', async () => {
    const r = await cli(['run'], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/machine good: done, days 2024-03-04\.\.2024-03-06/);
    expect(r.stderr).toMatch(/machine unreachable failed: cannot connect to the production DB/);
    expect(r.stderr).toContain(
      'machine misnamed failed: machine misnamed: configured variable "NO_SUCH_SENSOR" (variables.sensors[0]) not found',
    );
    const status = await cli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const machines = JSON.parse(status.stdout).machines;
    expect(machines.map((m: any) => [m.machineId, m.lastRun.status])).toEqual([
      ['good', 'succeeded'],
      ['misnamed', 'failed'],
      ['unreachable', 'failed'],
    ]);
    expect(machines[0]).toMatchObject({ firstDay: '2024-03-04', lastDay: '2024-03-06' });
    expect(machines[0].lastRun.rowsRead).toBeGreaterThan(1000);
    const table = await cli(['status'], env);
    expect(table.stdout).toMatch(/^machine\s+watermark/);
    // Side by side, the same: each machine's own line, the failures named, exit 1.
    const lanes = await cli(['run', '--concurrency', '3'], env);
    expect(lanes.code).toBe(1);
    expect(lanes.stderr).toMatch(/machine good: done/);
    expect(lanes.stderr).toMatch(/machine unreachable failed: cannot connect to the production DB/);
    expect(lanes.stderr).toContain('machine misnamed failed');
    expect(lanes.stderr).toContain('run finished: 1 of 3 machine(s) done');
  });

  it('run --every repeats rounds on the same connections, one line each, until SIGTERM', async () => {
    expect((await cli(['migrate'], env)).code).toBe(0);
    const child = spawn(process.execPath, [BIN, 'run', '--every', '0.5', '--machine', 'good'], {
      env: { ...process.env, ...env },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const exited = new Promise<number | null>((r) => child.on('close', r));
    onTestFinished(() => {
      child.kill('SIGKILL');
    });
    const backends = async () => {
      const admin = await open(serverUrl());
      try {
        const { rows } = await admin.query(
          `SELECT pid FROM pg_stat_activity WHERE application_name = 'spindle-etl' AND datname IN ($1, $2) ORDER BY pid`,
          [new URL(aggUrl).pathname.slice(1), srcName],
        );
        return rows.map((r) => r.pid);
      } finally {
        await admin.end();
      }
    };
    await expect.poll(() => stderr, { timeout: 20_000 }).toMatch(/round 2: 1 of 1 machine\(s\) done, \d+ rows read/);
    const first = await backends();
    await expect.poll(() => stderr, { timeout: 20_000 }).toMatch(/round 4:/);
    expect(await backends()).toEqual(first);
    expect(first.length).toBe(2); // the aggregation DB and one to the production DB: a round that reads a few hours needs no second
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/SIGTERM: stopping after the round in hand[\s\S]*stopped after \d+ round\(s\)/);
    expect(stderr).not.toContain('machine good: done');
    expect((await cli(['backfill', '--every', '5'], env)).stderr).toContain('--every repeats incremental runs');
  });

  it('check names each database that fails, and how to fix it', async () => {
    const r = await cli(['check'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('FAIL machine unreachable: production DB 127.0.0.1:1/none: cannot connect to the production DB');
    expect(r.stdout).toContain('fix its source in the fleet config');
    expect(r.stdout).toMatch(/FAIL machine misnamed: .*"NO_SUCH_SENSOR" \(variables\.sensors\[0\]\) not found/);
  });

  it("skips a machine another run holds: exit 0 for cron's run, 3 for a backfill", async () => {
    const holder = await open(aggUrl);
    try {
      await holder.query(`SELECT pg_advisory_lock(${0x5350}, hashtext('good'))`);
      const r = await cli(['run', '--machine', 'good'], env);
      expect(r.code).toBe(0);
      expect(r.stderr).toContain('machine good skipped: machine good is being processed by another run');
      expect(r.stderr).toContain('0 of 1 machine(s) done, 1 skipped (another process is running it)');
      const b = await cli(['backfill', '--machine', 'good'], env);
      expect(b.code).toBe(3);
    } finally {
      await holder.end();
    }
  });

  it('logs one JSON object per line with --log json', async () => {
    const r = await cli(['run', '--machine', 'good', '--log', 'json', '--source-connections', '1'], env);
    expect(r.code).toBe(0);
    const lines = r.stderr
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.find((l) => l.event === 'machine-done')).toMatchObject({ machineId: 'good', level: 'info' });
  });

  it('leaves the aggregation DB as it was when killed mid-run, and a re-run completes it', async () => {
    const target = await open(aggUrl);
    try {
      const before = await readAggregates(target, 'good');
      const runsBefore = (await target.query('SELECT count(*)::int AS n FROM spindle_run')).rows[0].n;
      // Hold the run at its last write: every day computed and written, nothing committed.
      // (Readers of spindle_machine pass; its writers wait.)
      const holder = await open(aggUrl);
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE spindle_machine IN EXCLUSIVE MODE');
      const child = spawn(process.execPath, [BIN, 'backfill', '--machine', 'good', '--chunk-days', '1'], {
        env: { ...process.env, ...env },
      });
      let err = '';
      await new Promise<void>((resolve) => {
        child.stderr.on('data', (d: Buffer) => {
          err += d;
          if (/(\d+)\/\1 days computed/.test(err)) resolve();
        });
      });
      const good = () => cli(['status', '--json'], env).then((r) => JSON.parse(r.stdout).machines.find((m: any) => m.machineId === 'good'));
      // Visible while it runs: its kind, and the process running it.
      expect((await good()).currentRun).toMatchObject({ kind: 'backfill', worker: `${hostname()}:${child.pid}` });
      child.kill('SIGKILL');
      await new Promise((r) => child.on('close', r));
      await holder.query('ROLLBACK');
      await holder.end();
      // The server notices the dropped connection and rolls back its transaction.
      await new Promise((r) => setTimeout(r, 300));
      expect(aggregateDifferences(await readAggregates(target, 'good'), before)).toEqual([]);
      // The run was visible from its start; dead, it shows as abandoned, and nothing runs now.
      expect((await target.query('SELECT count(*)::int AS n FROM spindle_run')).rows[0].n).toBe(runsBefore + 1);
      expect(await good()).toMatchObject({ currentRun: null, lastRun: { kind: 'backfill', status: 'abandoned', finishedAt: null } });
      expect((await good()).lastRun.error).toContain('ended without finishing');
      const rerun = await cli(['backfill', '--machine', 'good'], env);
      expect(rerun.code).toBe(0);
      expect(aggregateDifferences(await readAggregates(target, 'good'), before)).toEqual([]);
      expect((await good()).lastRun).toMatchObject({ kind: 'backfill', status: 'succeeded' });
    } finally {
      await target.end();
    }
  });
});
