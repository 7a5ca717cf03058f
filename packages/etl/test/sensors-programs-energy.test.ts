import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, readAggregates, type Aggregates, type Harness } from './etl-harness.js';
import { every5Minutes } from './production-fixture.js';

/** A heartbeat variable every 5 minutes keeps the machine online. */
const heartbeat = (from: string, to: string) => every5Minutes('X', from, to);

// metrics.md §5 and §10: valid readings only, scaled, exact real comparisons.
describe('sensor statistics', () => {
  let h: Harness;
  let rows: Aggregates;

  beforeAll(async () => {
    h = await createHarness({
      floats: [
        ['T', '2024-03-04T08:01:00Z', 2000],
        ['T', '2024-03-04T08:02:00Z', 2100],
        ['T', '2024-03-04T08:03:00Z', 2200],
        ['T', '2024-03-04T08:04:00Z', Number.NaN],
        ['T', '2024-03-04T08:05:00Z', Number.POSITIVE_INFINITY],
        ['T', '2024-03-04T08:06:00Z', Number.NEGATIVE_INFINITY],
        ['T', '2024-03-04T08:07:00Z', null],
        ['T', '2024-03-04T08:08:00Z', 0], // below min 1
        ['T', '2024-03-04T08:09:00Z', 6000], // above max 5000
        ['T', '2024-03-04T09:00:00Z', 2000], // alone in its hour: no stddev
        ['T', '2024-03-04T10:00:00Z', Number.NaN], // only invalid: no row
        ['LO', '2024-03-04T08:00:00Z', 45.3], // stored as 45.29999923706055 < 45.3
        ['LO', '2024-03-04T08:00:01Z', 45.31],
        ['HI', '2024-03-04T08:00:00Z', 45.3], // 45.29999923706055 ≤ 45.3
      ],
    });
    await h.run(
      h.machine({
        variables: {
          sensors: [
            { name: 'T', unit: '°C', scale: 0.01, min: 1, max: 5000 },
            { name: 'LO', min: 45.3 },
            { name: 'HI', max: 45.3 },
          ],
        },
      }),
    );
    rows = await readAggregates(h.target, 'm1');
  });
  afterAll(() => h.close());

  it('aggregates valid scaled readings per hour, with sum and sum of squares', () => {
    expect(rows.sensors.filter((s) => s.sensor === 'T')).toEqual([
      {
        sensor: 'T',
        day: '2024-03-04',
        start_at: '2024-03-04T08:00:00.000Z',
        count: 3,
        min: 20,
        max: 22,
        avg: 21,
        stddev: 1,
        sum: 63,
        sumsq: 1325,
      },
      {
        sensor: 'T',
        day: '2024-03-04',
        start_at: '2024-03-04T09:00:00.000Z',
        count: 1,
        min: 20,
        max: 20,
        avg: 20,
        stddev: null,
        sum: 20,
        sumsq: 400,
      },
    ]);
  });

  it('compares ranges against the stored real, not its decimal text', () => {
    const lo = rows.sensors.filter((s) => s.sensor === 'LO');
    const hi = rows.sensors.filter((s) => s.sensor === 'HI');
    expect(lo.map((s) => s.count)).toEqual([1]);
    expect(lo[0]).toMatchObject({ min: 45.310001373 });
    expect(hi[0]).toMatchObject({ count: 1, min: 45.299999237 });
  });

  it('counts the invalid readings in the run report', async () => {
    const { rows: runs } = await h.target.query(`SELECT invalid_rows::int FROM spindle_run ORDER BY run_id DESC LIMIT 1`);
    expect(runs[0].invalid_rows).toBe(7 + 1);
  });
});

// metrics.md §6, §7: programs, running time and energy.
describe('programs and energy', () => {
  let h: Harness;
  let rows: Aggregates;

  beforeAll(async () => {
    h = await createHarness({
      floats: [
        ...heartbeat('2024-03-04T08:00:00Z', '2024-03-04T10:00:00Z'),
        ['IN_OP', '2024-03-04T08:00:00Z', 255],
        ['PROG', '2024-03-04T08:00:00Z', 12.5], // rounds half away from zero: 13
        ['M1', '2024-03-04T08:00:00Z', 50],
        ['PROG', '2024-03-04T08:30:00Z', 999.5], // out of 0..999 before rounding: ignored
        ['PROG', '2024-03-04T09:00:00Z', 7.4],
        ['M2', '2024-03-04T09:00:00Z', 118], // an overload is valid
        ['IN_OP', '2024-03-04T09:30:00Z', 0],
        ['M1', '2024-03-04T09:45:00Z', -5], // invalid: M1 stays at 50
        ['M1', '2024-03-04T10:00:00Z', 0],
        ['M2', '2024-03-04T10:00:00Z', 0],
        // Next day: an hour at 100 % of 1 kW with a 30-minute outage in it.
        ...heartbeat('2024-03-05T11:00:00Z', '2024-03-05T12:00:00Z'),
        ['M3', '2024-03-05T11:00:00Z', 100],
        ...heartbeat('2024-03-05T12:30:00Z', '2024-03-05T13:00:00Z'),
      ],
    });
    await h.run(
      h.machine({
        variables: {
          inOperation: 'IN_OP',
          program: 'PROG',
          motors: [
            { name: 'M1', nominalKw: 10 },
            { name: 'M2', nominalKw: 4 },
            { name: 'M3', nominalKw: 1 },
          ],
        },
      }),
    );
    rows = await readAggregates(h.target, 'm1');
  });
  afterAll(() => h.close());

  it('integrates motor power per hour bucket, zero while offline', () => {
    const day1 = rows.energy.filter((e) => e.day === '2024-03-04');
    expect(day1.slice(0, 3).map((e) => [e.start_at.slice(11, 16), e.kwh])).toEqual([
      ['08:00', 5],
      ['09:00', 9.72],
      ['10:00', 0], // offline until the next day: a row, 0 kWh
    ]);
    expect(day1).toHaveLength(16);
    // From 11:00: 1 kW all along, but offline 12:00–12:30 and M3 holds at 100 %.
    const day2 = rows.energy.filter((e) => e.day === '2024-03-05' && e.kwh > 0);
    expect(day2.map((e) => [e.start_at.slice(11, 16), e.kwh])).toEqual([
      ['11:00', 1],
      ['12:00', 0.5],
    ]);
  });

  it('splits running time and its energy by program; they sum to the day', () => {
    const day1 = rows.programs.filter((p) => p.day === '2024-03-04');
    expect(day1).toEqual([
      { day: '2024-03-04', program: 7, running_seconds: 1800, energy_kwh: 4.86 },
      { day: '2024-03-04', program: 13, running_seconds: 3600, energy_kwh: 5 },
    ]);
    const running = rows.utilization.find((u) => u.day === '2024-03-04')!.running_seconds;
    expect(day1.reduce((s: number, p: any) => s + p.running_seconds, 0)).toBe(running);
  });

  it('counts the out-of-range program and the negative motor value as invalid', async () => {
    const { rows: runs } = await h.target.query(`SELECT invalid_rows::int FROM spindle_run ORDER BY run_id DESC LIMIT 1`);
    expect(runs[0].invalid_rows).toBe(2);
  });
});
