import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, readAggregates, type Aggregates, type Harness } from './etl-harness.js';

// metrics.md §4 on a hand-computed morning (UTC, threshold 600 s).
describe('machine states and utilization', () => {
  let h: Harness;
  let rows: Aggregates;

  beforeAll(async () => {
    h = await createHarness({
      floats: [
        ['IN_OP', '2024-03-04T08:00:00Z', 0],
        ['IN_OP', '2024-03-04T08:05:00Z', 255],
        ['TEMP', '2024-03-04T08:10:00Z', 2000],
        ['TEMP', '2024-03-04T08:20:00Z', 2100], // gap of exactly 600 s: still online
        ['TEMP', '2024-03-04T08:30:00.001Z', 2200], // 600.001 s: offline
        ['IN_OP', '2024-03-04T08:32:00Z', Number.NaN], // invalid: the last valid value (255) holds
        ['IN_OP', '2024-03-04T08:35:00Z', 0],
        ['TEMP', '2024-03-04T08:40:00Z', 2300],
      ],
    });
    await h.run(h.machine({ variables: { inOperation: 'IN_OP' } }));
    rows = await readAggregates(h.target, 'm1');
  });
  afterAll(() => h.close());

  it('splits the covered time exactly into running, idle and offline', () => {
    expect(rows.utilization).toEqual([
      { day: '2024-03-04', running_seconds: 1199.999, idle_seconds: 600, offline_seconds: 600.001, covered_seconds: 2400 },
    ]);
  });

  it('stores the state timeline as maximal runs', () => {
    expect(rows.states).toEqual([
      { day: '2024-03-04', start_at: '2024-03-04T08:00:00.000Z', end_at: '2024-03-04T08:05:00.000Z', state: 'IDLE' },
      { day: '2024-03-04', start_at: '2024-03-04T08:05:00.000Z', end_at: '2024-03-04T08:20:00.000Z', state: 'RUNNING' },
      { day: '2024-03-04', start_at: '2024-03-04T08:20:00.000Z', end_at: '2024-03-04T08:30:00.001Z', state: 'OFFLINE' },
      { day: '2024-03-04', start_at: '2024-03-04T08:30:00.001Z', end_at: '2024-03-04T08:35:00.000Z', state: 'RUNNING' },
      { day: '2024-03-04', start_at: '2024-03-04T08:35:00.000Z', end_at: '2024-03-04T08:40:00.000Z', state: 'IDLE' },
    ]);
  });

  it('without shifts has one by-shift row per day with a null name', () => {
    expect(rows.shifts).toEqual([
      { day: '2024-03-04', shift: null, running_seconds: 1199.999, idle_seconds: 600, offline_seconds: 600.001, covered_seconds: 2400 },
    ]);
  });

  it('counts the NaN as an invalid row in the run report', async () => {
    const { rows: runs } = await h.target.query(
      `SELECT invalid_rows::int, rows_read::int, status FROM spindle_run ORDER BY run_id DESC LIMIT 1`,
    );
    expect(runs[0]).toEqual({ invalid_rows: 1, rows_read: 8, status: 'succeeded' });
  });
});

describe('state carried over midnight and all-offline days', () => {
  let h: Harness;
  let rows: Aggregates;

  beforeAll(async () => {
    h = await createHarness({
      floats: [
        ['IN_OP', '2024-03-04T23:50:00Z', 255],
        ['X', '2024-03-04T23:58:00Z', 1],
        ['X', '2024-03-05T00:03:00Z', 1], // online across midnight: RUNNING carries
        ['X', '2024-03-07T10:00:00Z', 1], // two days later: offline in between
        ['X', '2024-03-07T10:01:00Z', 1],
      ],
    });
    await h.run(h.machine({ variables: { inOperation: 'IN_OP' } }));
    rows = await readAggregates(h.target, 'm1');
  });
  afterAll(() => h.close());

  it('gives every day from day(a0) to day(W) a row, the offline ones too', () => {
    expect(rows.utilization).toEqual([
      { day: '2024-03-04', running_seconds: 600, idle_seconds: 0, offline_seconds: 0, covered_seconds: 600 },
      { day: '2024-03-05', running_seconds: 180, idle_seconds: 0, offline_seconds: 86220, covered_seconds: 86400 },
      { day: '2024-03-06', running_seconds: 0, idle_seconds: 0, offline_seconds: 86400, covered_seconds: 86400 },
      { day: '2024-03-07', running_seconds: 60, idle_seconds: 0, offline_seconds: 36000, covered_seconds: 36060 },
    ]);
  });

  it('cuts state intervals at production day boundaries', () => {
    expect(rows.states.map((s) => [s.day, s.start_at.slice(0, 19), s.end_at.slice(0, 19), s.state])).toEqual([
      ['2024-03-04', '2024-03-04T23:50:00', '2024-03-05T00:00:00', 'RUNNING'],
      ['2024-03-05', '2024-03-05T00:00:00', '2024-03-05T00:03:00', 'RUNNING'],
      ['2024-03-05', '2024-03-05T00:03:00', '2024-03-06T00:00:00', 'OFFLINE'],
      ['2024-03-06', '2024-03-06T00:00:00', '2024-03-07T00:00:00', 'OFFLINE'],
      ['2024-03-07', '2024-03-07T00:00:00', '2024-03-07T10:00:00', 'OFFLINE'],
      ['2024-03-07', '2024-03-07T10:00:00', '2024-03-07T10:01:00', 'RUNNING'],
    ]);
  });
});

// metrics.md §4: activity is every row of both logs, variables the catalogue lacks included.
describe('rows of variables missing from table `variable`', () => {
  let h: Harness;
  afterAll(() => h.close());

  it('are activity: they break a silence and extend the covered time', async () => {
    h = await createHarness({
      floats: [
        ['IN_OP', '2024-03-04T08:00:00Z', 255],
        ['IN_OP', '2024-03-04T08:20:00Z', 255], // 20 min after: offline, unless something else logged
      ],
    });
    // Id 9001 and 9002 are not in `variable`: a float in the middle of the silence, a string after the end.
    await h.source.query(`INSERT INTO variable_log_float VALUES (9001, $1, 1)`, [Date.parse('2024-03-04T08:10:00Z')]);
    await h.source.query(`INSERT INTO variable_log_string VALUES (9002, $1, 'x')`, [Date.parse('2024-03-04T08:25:00Z')]);
    await h.run(h.machine({ variables: { inOperation: 'IN_OP' } }));
    const rows = await readAggregates(h.target, 'm1');
    expect(rows.utilization).toEqual([
      { day: '2024-03-04', running_seconds: 1500, idle_seconds: 0, offline_seconds: 0, covered_seconds: 1500 },
    ]);
    expect(rows.states).toEqual([
      { day: '2024-03-04', start_at: '2024-03-04T08:00:00.000Z', end_at: '2024-03-04T08:25:00.000Z', state: 'RUNNING' },
    ]);
  });
});
