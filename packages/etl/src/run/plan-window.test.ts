import { MachineCalendar, type Day } from '@spindle/core';
import { describe, expect, it } from 'vitest';
import { HISTORY_STALE, planWindow, type WindowInput } from './plan-window.js';

const H = 3_600_000;
const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10) as Day;
const at = (iso: string) => Date.parse(iso);
const base: WindowInput = {
  mode: { kind: 'run' },
  dayOf: utcDay,
  firstActivity: at('2024-03-01T08:00:00Z'),
  watermark: at('2024-03-20T12:00:00Z'),
  previous: { configHash: 'h1', watermark: at('2024-03-19T12:00:00Z') },
  configHash: 'h1',
};
const plan = (patch: Partial<WindowInput>) => planWindow({ ...base, ...patch });

describe('planWindow: run', () => {
  it('recomputes from the previous watermark minus the lookback, floored to its day, through W', () => {
    expect(plan({})).toEqual({
      compute: true,
      firstDay: '2024-03-01',
      lastDay: '2024-03-20',
      fromDay: '2024-03-17',
      toDay: '2024-03-20',
      throughWatermark: true,
      recordHash: 'h1',
      fullHistory: false,
      nextWindowDay: '2024-03-18',
    });
    expect(plan({ mode: { kind: 'run', lookbackHours: 0 } })).toMatchObject({ fromDay: '2024-03-19' });
    expect(plan({ mode: { kind: 'run', lookbackHours: 12.5 } })).toMatchObject({ fromDay: '2024-03-18' });
  });

  it('starts from the earlier of the two watermarks when rows were removed and W went back', () => {
    expect(plan({ watermark: at('2024-03-10T00:30:00Z') })).toMatchObject({ fromDay: '2024-03-08', toDay: '2024-03-10' });
  });

  it('recomputes the whole history for a new machine, a changed configuration, or a record without watermark', () => {
    for (const previous of [null, { configHash: 'h0', watermark: base.watermark }, { configHash: 'h1', watermark: null }]) {
      expect(plan({ previous }), JSON.stringify(previous)).toMatchObject({
        fromDay: '2024-03-01',
        toDay: '2024-03-20',
        recordHash: 'h1',
        fullHistory: true,
      });
    }
  });

  it('clamps a lookback that reaches before the first activity to the first day, which is then the whole history', () => {
    expect(plan({ previous: { configHash: 'h1', watermark: at('2024-03-02T00:00:00Z') } })).toMatchObject({
      fromDay: '2024-03-01',
      fullHistory: true,
    });
  });

  it('floors to production days of the machine, across a DST change and a day start that is not midnight', () => {
    const calendar = MachineCalendar.of({ timezone: 'Europe/Madrid', dayStart: '06:00', shifts: [] });
    const dayOf = (t: number) => calendar.dayOf(t);
    // 07:30 CEST on 1 April: production day 1 April; 48 h earlier is 06:30 CET on 30 March (day 30 March).
    const after = planWindow({
      ...base,
      dayOf,
      watermark: at('2024-04-01T05:30:00Z'),
      previous: { configHash: 'h1', watermark: at('2024-04-01T05:30:00Z') },
    });
    expect(after).toMatchObject({ fromDay: '2024-03-30', lastDay: '2024-04-01' });
    // 05:30 CEST on 1 April is still production day 31 March; 48 h earlier, 04:30 CET on 30 March, is day 29 March.
    const before = planWindow({
      ...base,
      dayOf,
      watermark: at('2024-04-01T03:30:00Z'),
      previous: { configHash: 'h1', watermark: at('2024-04-01T03:30:00Z') },
    });
    expect(before).toMatchObject({ fromDay: '2024-03-29', lastDay: '2024-03-31' });
    expect(48 * H).toBe(at('2024-04-01T03:30:00Z') - at('2024-03-30T03:30:00Z'));
  });
});

describe('planWindow: backfill', () => {
  it('recomputes the days asked for, clamped to the data; the watermark advances only when the range reaches W', () => {
    expect(plan({ mode: { kind: 'backfill' } })).toMatchObject({
      fromDay: '2024-03-01',
      toDay: '2024-03-20',
      throughWatermark: true,
      fullHistory: false,
    });
    // The next run's window: the default lookback after a backfill, clamped to the first day.
    expect(plan({ mode: { kind: 'backfill' } })).toMatchObject({ nextWindowDay: '2024-03-18' });
    expect(plan({ mode: { kind: 'run', lookbackHours: 24 * 30 } })).toMatchObject({ nextWindowDay: '2024-03-01' });
    expect(plan({ mode: { kind: 'backfill', from: '2024-02-01', to: '2024-03-05' } })).toMatchObject({
      fromDay: '2024-03-01',
      toDay: '2024-03-05',
      throughWatermark: false,
    });
    expect(plan({ mode: { kind: 'backfill', from: '2024-03-10', to: '2024-04-30' } })).toMatchObject({
      toDay: '2024-03-20',
      throughWatermark: true,
    });
  });

  it('records the current configuration only once the history is consistent with it', () => {
    const changed = { configHash: 'h0', watermark: base.watermark };
    expect(plan({ mode: { kind: 'backfill' }, previous: changed })).toMatchObject({ recordHash: 'h1' });
    expect(plan({ mode: { kind: 'backfill', from: '2024-03-10' }, previous: changed })).toMatchObject({ recordHash: 'h0' });
    expect(plan({ mode: { kind: 'backfill', from: '2024-03-10' }, previous: null })).toMatchObject({ recordHash: HISTORY_STALE });
    expect(plan({ mode: { kind: 'backfill', from: '2024-03-10' } })).toMatchObject({ recordHash: 'h1' });
  });

  it('computes nothing for a range outside the data, keeping the recorded configuration', () => {
    expect(plan({ mode: { kind: 'backfill', to: '2024-02-28' } })).toEqual({ compute: false, recordHash: 'h1' });
    expect(plan({ mode: { kind: 'backfill', from: '2024-04-01' }, previous: { configHash: 'h0', watermark: null } })).toEqual({
      compute: false,
      recordHash: 'h0',
    });
    expect(plan({ mode: { kind: 'backfill', from: '2024-04-01' }, previous: null })).toEqual({ compute: false, recordHash: 'h1' });
  });
});
