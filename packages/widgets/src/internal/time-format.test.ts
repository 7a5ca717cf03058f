import { describe, expect, it } from 'vitest';
import { TimeFormat } from './time-format.js';

const wall = Date.UTC(2024, 2, 27, 14, 5);

describe('TimeFormat', () => {
  it('writes 24-hour times in the locale order of day and month', () => {
    const gb = new TimeFormat('en-GB', 'Europe/Madrid');
    expect(gb.dateTime(wall)).toBe('27 Mar 2024, 14:05');
    expect(gb.day('2024-03-27')).toBe('Wed 27 Mar');
    expect(gb.clock(Date.UTC(2024, 2, 27, 0, 30))).toBe('00:30');
    const us = new TimeFormat('en-US', 'America/Chicago');
    expect(us.dateTime(wall)).toBe('Mar 27, 2024, 14:05');
    expect(us.day('2024-03-27')).toBe('Wed, Mar 27');
    expect(us.dayPattern).toBe('%a, %b %-d');
    expect(gb.dayPattern).toBe('%a %-d %b');
  });

  it('writes German dates in German', () => {
    const de = new TimeFormat('de-DE', 'Europe/Berlin');
    expect(de.dateTime(wall)).toBe('27. März 2024, 14:05');
  });

  it('falls back to English for a malformed locale', () => {
    expect(new TimeFormat('not a locale!', 'UTC').locale).toBe('en');
    expect(new TimeFormat(undefined, 'UTC').locale).toBe('en');
  });
});
