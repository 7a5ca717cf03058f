import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, readAggregates, type Aggregates, type Harness } from './etl-harness.js';

// metrics.md §8 and §10: occurrences from snapshots, malformed rows, categories.
describe('alarm occurrences', () => {
  let h: Harness;
  let rows: Aggregates;

  beforeAll(async () => {
    h = await createHarness({
      strings: [
        ['ALARMS', '2024-03-04T08:00:00Z', '[]'],
        ['ALARMS', '2024-03-04T08:10:00Z', '[["1001","EMERGENCY stop"],[" ","Coolant WARNING "]]'],
        ['ALARMS', '2024-03-04T08:15:00Z', 'garbage'],
        [
          'ALARMS',
          '2024-03-04T08:20:00Z',
          '[["1001","EMERGENCY stop (again)"],["","Coolant WARNING"],"not an array",["",""],["2002","Drive fault"],["2002","duplicate"]]',
        ],
        ['ALARMS', '2024-03-04T08:30:00Z', null],
        ['ALARMS', '2024-03-04T08:40:00Z', '[["2002","Drive fault"],[3003,"Tool life"]]'],
        ['ALARMS', '2024-03-04T08:50:00Z', '{"not":"an array"}'],
      ],
      floats: [['X', '2024-03-04T09:00:00Z', 1]],
    });
    await h.run(h.machine({ variables: { alarms: 'ALARMS' } }));
    rows = await readAggregates(h.target, 'm1');
  });
  afterAll(() => h.close());

  it('follows each identity across snapshots and leaves the active ones open at W', () => {
    expect(rows.occurrences).toEqual([
      {
        day: '2024-03-04',
        raised_at: '2024-03-04T08:10:00.000Z',
        cleared_at: '2024-03-04T08:40:00.000Z',
        identity: '1001',
        code: '1001',
        description: 'EMERGENCY stop',
        category: 'emergency',
      },
      {
        day: '2024-03-04',
        raised_at: '2024-03-04T08:10:00.000Z',
        cleared_at: '2024-03-04T08:40:00.000Z',
        identity: 'Coolant WARNING',
        code: '',
        description: 'Coolant WARNING',
        category: 'warning',
      },
      {
        day: '2024-03-04',
        raised_at: '2024-03-04T08:20:00.000Z',
        cleared_at: null,
        identity: '2002',
        code: '2002',
        description: 'Drive fault',
        category: 'error',
      },
      {
        day: '2024-03-04',
        raised_at: '2024-03-04T08:40:00.000Z',
        cleared_at: null,
        identity: '3003',
        code: '3003',
        description: 'Tool life',
        category: 'other',
      },
    ]);
  });

  it('counts occurrences per day and category', () => {
    expect(rows.alarmDays).toEqual([
      { day: '2024-03-04', category: 'emergency', count: 1 },
      { day: '2024-03-04', category: 'error', count: 1 },
      { day: '2024-03-04', category: 'other', count: 1 },
      { day: '2024-03-04', category: 'warning', count: 1 },
    ]);
  });

  it('reports the malformed rows', async () => {
    const { rows: runs } = await h.target.query(`SELECT malformed_alarm_rows::int FROM spindle_run ORDER BY run_id DESC LIMIT 1`);
    expect(runs[0].malformed_alarm_rows).toBe(3);
  });

  it('keeps the raising instant of an alarm open at the window start of a later run', async () => {
    const machine = h.machine({ variables: { alarms: 'ALARMS' } });
    await h.run(machine, { kind: 'backfill', from: '2024-03-04', to: '2024-03-04' });
    await h.run(machine, { kind: 'run', lookbackHours: 0 });
    expect(await readAggregates(h.target, 'm1')).toEqual(rows);
  });
});
