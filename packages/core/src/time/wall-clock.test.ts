import { describe, expect, it } from 'vitest';
import { addDays, dayCount, isDay } from './calendar.js';
import { wallClock } from './wall-clock.js';

const wallLabel = (wall: number) => new Date(wall).toISOString().slice(0, 16).replace('T', ' ');

describe('days', () => {
  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2024-13-01', false],
    ['2024-3-01', false],
    ['yesterday', false],
    ['0000-01-01', false],
    ['0001-01-01', true],
  ])('isDay(%s) = %s', (day, ok) => expect(isDay(day)).toBe(ok));

  it('adds and counts days across month and year ends', () => {
    expect(addDays('2024-12-29', 6)).toBe('2025-01-04');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(dayCount('2024-03-25', '2024-03-31')).toBe(7);
  });
});

describe('wallClock', () => {
  it('reads an instant in the machine zone, across a DST change', () => {
    // Europe/Madrid moved from +01:00 to +02:00 at 01:00 UTC on 2024-03-31.
    expect(wallLabel(wallClock('2024-03-31T00:30:00Z', 'Europe/Madrid'))).toBe('2024-03-31 01:30');
    expect(wallLabel(wallClock('2024-03-31T01:30:00Z', 'Europe/Madrid'))).toBe('2024-03-31 03:30');
    expect(wallLabel(wallClock('2024-03-31T01:30:00Z', 'Asia/Kolkata'))).toBe('2024-03-31 07:00');
    expect(wallLabel(wallClock(Date.parse('2024-01-01T00:00:00Z'), 'America/Chicago'))).toBe('2023-12-31 18:00');
  });
});
