import { describe, expect, it } from 'vitest';
import { MachineCalendar, addDays } from './calendar.js';

const iso = (t: number) => new Date(t).toISOString();

describe('MachineCalendar', () => {
  it.each([
    // zone, dayStart hour, day, start instant (metrics.md §3, §10)
    ['UTC', 0, '2024-03-04', '2024-03-04T00:00:00.000Z'],
    ['Europe/Madrid', 6, '2024-03-04', '2024-03-04T05:00:00.000Z'],
    ['Europe/Madrid', 2, '2024-03-31', '2024-03-31T01:00:00.000Z'], // 02:00 is skipped: first valid instant
    ['Europe/Madrid', 2, '2024-10-27', '2024-10-27T00:00:00.000Z'], // 02:00 happens twice: the first
    ['Asia/Kolkata', 0, '2024-03-04', '2024-03-03T18:30:00.000Z'],
    ['America/New_York', 2, '2024-03-10', '2024-03-10T07:00:00.000Z'], // 02:00 skipped → 03:00 EDT
  ])('%s dayStart %i: %s starts at %s', (zone, hour, day, start) => {
    expect(iso(new MachineCalendar(zone, hour).dayStart(day))).toBe(start);
  });

  it.each([
    ['Europe/Madrid', 6, '2024-03-04T04:59:59.999Z', '2024-03-03'],
    ['Europe/Madrid', 6, '2024-03-04T05:00:00.000Z', '2024-03-04'],
    ['Europe/Madrid', 2, '2024-10-27T00:30:00.000Z', '2024-10-27'], // 02:30 CEST
    ['Europe/Madrid', 2, '2024-10-27T01:30:00.000Z', '2024-10-27'], // 02:30 CET, repeated hour
    ['Europe/Madrid', 2, '2024-10-26T23:59:00.000Z', '2024-10-26'], // 01:59 CEST
    ['Asia/Kolkata', 0, '2024-03-03T18:29:59.999Z', '2024-03-03'],
  ])('%s dayStart %i: %s is in production day %s', (zone, hour, t, day) => {
    expect(new MachineCalendar(zone, hour).dayOf(Date.parse(t))).toBe(day);
  });

  it('has 23, 24 and 25 local hour buckets on DST days', () => {
    const cal = new MachineCalendar('Europe/Madrid', 0);
    const hours = (day: string) => cal.hourStarts(cal.dayStart(day), cal.dayStart(addDays(day, 1))).length;
    expect([hours('2024-03-31'), hours('2024-04-01'), hours('2024-10-27')]).toEqual([23, 24, 25]);
  });

  it('starts a bucket at an offset change that is not on the hour', () => {
    // Lord Howe moves by 30 minutes: 02:00 → 01:30 on 2024-04-07.
    const cal = new MachineCalendar('Australia/Lord_Howe', 0);
    const starts = cal.hourStarts(cal.dayStart('2024-04-07'), cal.dayStart('2024-04-08'));
    expect(starts.length).toBe(25);
    expect(new Set(starts).size).toBe(starts.length);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
  });

  it('clips a shift that spans the day boundary into two windows', () => {
    const cal = new MachineCalendar('UTC', 0, [
      { name: 'A', startMinute: 360 },
      { name: 'B', startMinute: 840 },
      { name: 'C', startMinute: 1320 },
    ]);
    expect(cal.shiftWindows('2024-03-04').map((w) => [w.shift, iso(w.start).slice(11, 16), iso(w.end).slice(11, 16)])).toEqual([
      [2, '00:00', '06:00'],
      [0, '06:00', '14:00'],
      [1, '14:00', '22:00'],
      [2, '22:00', '00:00'],
    ]);
  });

  it('aligns shifts with a dayStart and keeps the day covered without gaps', () => {
    const cal = new MachineCalendar('Europe/Madrid', 6, [
      { name: 'A', startMinute: 360 },
      { name: 'B', startMinute: 840 },
      { name: 'C', startMinute: 1320 },
    ]);
    const windows = cal.shiftWindows('2024-03-31');
    expect(windows.map((w) => w.shift)).toEqual([0, 1, 2]);
    expect(windows[0]!.start).toBe(cal.dayStart('2024-03-31'));
    expect(windows[2]!.end).toBe(cal.dayStart('2024-04-01'));
    expect(windows[1]!.start).toBe(windows[0]!.end);
  });

  describe('planned shift windows (metrics.md §13)', () => {
    const planned = (cal: MachineCalendar, day: string) =>
      cal
        .shiftWindows(day)
        .map((w) => `${cal.shifts[w.shift]?.name ?? '-'} ${iso(w.start).slice(11, 16)} ${w.planned ? 'planned' : 'off'}`);

    it('plans a night shift by the weekday of the day it started on, also for its hours after midnight', () => {
      // dayStart 00:00: day D holds the tail of D−1's night shift, then its own day shift and the start of its night shift.
      const cal = MachineCalendar.of({
        timezone: 'UTC',
        dayStart: '00:00',
        shifts: [
          { name: 'Day', start: '06:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'] },
          { name: 'Night', start: '22:00', days: ['Thu'] },
        ],
      });
      // 2024-03-08 is a Friday: its first hours are Thursday's night shift, planned.
      expect(planned(cal, '2024-03-08')).toEqual(['Night 00:00 planned', 'Day 06:00 planned', 'Night 22:00 off']);
      // Saturday: Friday's night is not planned, nor is Saturday's day shift.
      expect(planned(cal, '2024-03-09')).toEqual(['Night 00:00 off', 'Day 06:00 off', 'Night 22:00 off']);
      expect(planned(cal, '2024-03-07')).toEqual(['Night 00:00 off', 'Day 06:00 planned', 'Night 22:00 planned']);
    });

    it('plans nothing that starts on a holiday; without shifts, every day but holidays', () => {
      const cal = MachineCalendar.of({
        timezone: 'Europe/Madrid',
        dayStart: '06:00',
        shifts: [
          { name: 'A', start: '06:00' },
          { name: 'C', start: '22:00' },
        ],
        holidays: ['2024-03-31'],
      });
      expect(planned(cal, '2024-03-31')).toEqual(['A 04:00 off', 'C 20:00 off']);
      expect(planned(cal, '2024-04-01')).toEqual(['A 04:00 planned', 'C 20:00 planned']);
      const whole = MachineCalendar.of({ timezone: 'UTC', dayStart: '00:00', shifts: [], holidays: ['2024-12-25'] });
      expect(whole.shiftWindows('2024-12-25').map((w) => w.planned)).toEqual([false]);
      expect(whole.shiftWindows('2024-12-26').map((w) => w.planned)).toEqual([true]);
    });
  });
});
