import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MachineConfig } from '@spindle/core';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';
import { runMachine, type RunMode } from '../src/run/run-machine.js';
import { migrate } from '../src/store/migrate.js';
import { aggregateDifferences, createHarness, readAggregates, type Harness } from './etl-harness.js';
import { every5Minutes, ms } from './production-fixture.js';

// metrics.md §14 on a hand-made morning: a controller logs IN_OP and a motor
// every 5 minutes; some rows carry dates or values no machine writes.
const DAY = '2024-03-04';
const CLOCK = ms(`${DAY}T12:00:00Z`);
const CONFIG = {
  variables: {
    inOperation: 'IN_OP',
    alarms: 'ALARMS',
    motors: [{ name: 'MOTOR', nominalKw: 10 }],
  },
};

async function insertFloat(db: pg.Client, name: string, at: number | bigint | string, value: number) {
  await db.query(`INSERT INTO variable_log_float SELECT id, $2::bigint, $3::real FROM variable WHERE name = $1`, [
    name,
    String(at),
    String(value),
  ]);
}
async function insertString(db: pg.Client, name: string, at: number | bigint | string, value: string | null) {
  await db.query(`INSERT INTO variable_log_string SELECT id, $2::bigint, $3 FROM variable WHERE name = $1`, [name, String(at), value]);
}

/** A second aggregation DB where the same machine is backfilled, to compare with. */
async function backfillElsewhere(machine: MachineConfig, clock: number) {
  const agg = await createTestDatabase('spindle_agg_ref');
  const target = await open(agg.url);
  try {
    await migrate(target);
    await runMachine(machine, { target, mode: { kind: 'backfill' }, clock });
    return await readAggregates(target, machine.id);
  } finally {
    await target.end();
    await agg.drop();
  }
}

describe('implausible rows (metrics.md §14)', () => {
  let h: Harness;
  let machine: MachineConfig;
  const run = (mode: RunMode, clock = CLOCK) => runMachine(machine, { target: h.target, mode, clock });

  beforeEach(async () => {
    h = await createHarness({
      floats: [
        ...every5Minutes('IN_OP', `${DAY}T08:00:00Z`, `${DAY}T09:00:00Z`, 1),
        ...every5Minutes('MOTOR', `${DAY}T08:00:00Z`, `${DAY}T09:00:00Z`, 50),
      ],
      strings: [['ALARMS', `${DAY}T08:30:00Z`, '[]']],
    });
    machine = h.machine(CONFIG);
  });
  afterEach(() => h.close());

  it('a row dated 2100 neither moves W nor stops later runs, and status counts it', async () => {
    await insertFloat(h.source, 'IN_OP', Date.UTC(2100, 0, 1), 1);
    const first = await run({ kind: 'backfill' });
    expect(first.watermark).toBe(`${DAY}T09:00:00.000Z`);
    expect(first.implausibleDateRows).toBe(1);
    expect(first.invalidRows).toBeGreaterThanOrEqual(1);
    // The machine goes on running; the next run sees it.
    for (const [name, at, value] of every5Minutes('IN_OP', `${DAY}T09:05:00Z`, `${DAY}T10:00:00Z`, 1))
      await insertFloat(h.source, name, at, value);
    const next = await run({ kind: 'run' }, CLOCK + 3600_000);
    expect(next.watermark).toBe(`${DAY}T10:00:00.000Z`);
    const { rows } = await h.target.query(`SELECT running_seconds FROM utilization_day WHERE machine_id = 'm1'`);
    expect(rows).toEqual([{ running_seconds: 7200 }]);
    const { rows: runs } = await h.target.query(`SELECT implausible_date_rows::int AS n FROM spindle_run ORDER BY run_id DESC LIMIT 1`);
    expect(runs[0].n).toBe(1);
    expect(aggregateDifferences(await readAggregates(h.target, 'm1'), await backfillElsewhere(machine, CLOCK + 3600_000))).toEqual([]);
  });

  it('rows dated 9999, 9999-12-31 23:59:59.999, 2^63−1, 1900 and before 0 cost nothing and create no days', async () => {
    for (const at of [Date.UTC(9999, 0, 1), Date.UTC(9999, 11, 31, 23, 59, 59, 999), 2n ** 63n - 1n, Date.UTC(1900, 0, 1), -(2n ** 63n)]) {
      await insertFloat(h.source, 'MOTOR', at, 50);
    }
    await insertString(h.source, 'ALARMS', 2n ** 62n, '[["E1", "clock"]]');
    const started = Date.now();
    const result = await run({ kind: 'backfill' });
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(result).toMatchObject({ fromDay: DAY, toDay: DAY, days: 1, implausibleDateRows: 6 });
    const { rows } = await h.target.query(
      `SELECT min(day)::text AS first, max(day)::text AS last, count(*)::int AS n FROM utilization_day`,
    );
    expect(rows[0]).toEqual({ first: DAY, last: DAY, n: 1 });
  });

  it('a row a little ahead of the clock is valid within clockSkewSeconds, and late data once the clock passes it', async () => {
    await insertFloat(h.source, 'IN_OP', CLOCK + 120_000, 1);
    await insertFloat(h.source, 'IN_OP', CLOCK + 3600_000, 0);
    const first = await run({ kind: 'backfill' });
    expect(first.watermark).toBe(new Date(CLOCK + 120_000).toISOString());
    expect(first.implausibleDateRows).toBe(1);
    const later = await run({ kind: 'run' }, CLOCK + 7200_000);
    expect(later.watermark).toBe(new Date(CLOCK + 3600_000).toISOString());
    expect(later.implausibleDateRows).toBe(0);
    expect(aggregateDifferences(await readAggregates(h.target, 'm1'), await backfillElsewhere(machine, CLOCK + 7200_000))).toEqual([]);
  });

  it('keeps an alarm whose text holds NUL, without the NUL', async () => {
    await insertString(h.source, 'ALARMS', ms(`${DAY}T08:40:00Z`), '[["E\\u00007", "Door\\u0000 open"]]');
    await insertString(h.source, 'ALARMS', ms(`${DAY}T08:50:00Z`), '[]');
    await run({ kind: 'backfill' });
    const { rows } = await h.target.query(`SELECT identity, code, description FROM alarm_occurrence`);
    expect(rows).toEqual([{ identity: 'E7', code: 'E7', description: 'Door open' }]);
  });

  it('counts a motor reading of 3.4e38 invalid, so the day draws what the motor drew', async () => {
    const before = await run({ kind: 'backfill' });
    const { rows: clean } = await h.target.query(`SELECT sum(kwh) AS kwh FROM energy_hour`);
    await insertFloat(h.source, 'MOTOR', ms(`${DAY}T08:32:00Z`), 3.4e38);
    await insertFloat(h.source, 'MOTOR', ms(`${DAY}T08:33:00Z`), 1001);
    const after = await run({ kind: 'backfill' });
    expect(after.invalidRows - before.invalidRows).toBe(2);
    const { rows } = await h.target.query(`SELECT sum(kwh) AS kwh FROM energy_hour`);
    // 50 % of 10 kW for an hour, the invalid readings changing nothing.
    expect(rows[0].kwh).toBeCloseTo(clean[0].kwh, 9);
    expect(rows[0].kwh).toBeCloseTo(5, 9);
  });

  it('takes a motor max from the config', async () => {
    machine = h.machine({ ...CONFIG, variables: { ...CONFIG.variables, motors: [{ name: 'MOTOR', nominalKw: 10, max: 40 }] } });
    await run({ kind: 'backfill' });
    const { rows } = await h.target.query(`SELECT sum(kwh) AS kwh FROM energy_hour`);
    expect(rows[0].kwh).toBe(0);
  });
});

// Every row a production DB can hold is used or counted: no row fails its machine,
// and an incremental run over hostile rows ends where a backfill does.
describe('hostile rows, at random', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await createHarness({
      floats: [
        ...every5Minutes('IN_OP', `${DAY}T06:00:00Z`, `${DAY}T10:00:00Z`, 1),
        ...every5Minutes('MOTOR', `${DAY}T06:00:00Z`, `${DAY}T10:00:00Z`, 50),
        ['PROGRAM', `${DAY}T06:00:00Z`, 7],
        ['TEMP', `${DAY}T06:00:00Z`, 20],
      ],
      strings: [['ALARMS', `${DAY}T06:00:00Z`, '[]']],
    });
  });
  afterAll(() => h.close());

  const date = fc.oneof(
    fc.integer({ min: ms(`${DAY}T00:00:00Z`), max: ms(`${DAY}T14:00:00Z`) }).map(BigInt),
    fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }),
    fc.constantFrom(0n, -1n, 2n ** 63n - 1n, -(2n ** 63n), BigInt(Date.UTC(2100, 0, 1)), BigInt(Date.UTC(1900, 0, 1))),
  );
  const float = fc.oneof(
    fc.float({ noDefaultInfinity: false, noNaN: false }),
    fc.constantFrom(3.4e38, -3.4e38, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0, -0, 1e-45, 1001, 999.5),
  );
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }).map((s) => s.replaceAll('\u0000', '\\u0000')),
    fc.jsonValue().map((v) => JSON.stringify(v)),
    fc
      .array(fc.tuple(fc.oneof(fc.string({ unit: 'binary' }), fc.integer(), fc.constant(null)), fc.string({ unit: 'binary' })))
      .map((a) => JSON.stringify(a)),
    fc.constantFrom('[["E\\u0000", "\\u0000"]]', '[[null, null]]', '[[1e400, true]]', '', '   ', 'null'),
    fc.constant(null),
  );
  const row = fc.oneof(
    fc
      .tuple(fc.constantFrom('IN_OP', 'MOTOR', 'PROGRAM', 'TEMP'), date, float)
      .map(([name, at, value]) => ({ kind: 'float' as const, name, at, value })),
    fc.tuple(date, text).map(([at, value]) => ({ kind: 'string' as const, name: 'ALARMS', at, value })),
  );

  it('runs every machine to success and equal to a backfill', async () => {
    const machine = h.machine({
      variables: {
        inOperation: 'IN_OP',
        program: 'PROGRAM',
        alarms: 'ALARMS',
        motors: [{ name: 'MOTOR', nominalKw: 37 }],
        sensors: [{ name: 'TEMP', unit: '°C', scale: 0.1 }],
      },
    });
    await runMachine(machine, { target: h.target, mode: { kind: 'backfill' }, clock: CLOCK });
    let clock = CLOCK;
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 8 }), async (rows) => {
        for (const r of rows) {
          if (r.kind === 'float') await insertFloat(h.source, r.name, r.at, r.value);
          else await insertString(h.source, r.name, r.at, r.value);
        }
        clock += 60_000;
        const result = await runMachine(machine, { target: h.target, mode: { kind: 'run' }, clock });
        expect(result.watermark === null || Date.parse(result.watermark) <= clock + 300_000).toBe(true);
      }),
      { numRuns: 12 },
    );
    expect(aggregateDifferences(await readAggregates(h.target, 'm1'), await backfillElsewhere(machine, clock))).toEqual([]);
  }, 180_000);
});
