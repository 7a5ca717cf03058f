import { describe, expect, it } from 'vitest';
import { activityBlockMs } from '../run/machine-context.js';
import { roundProgram } from '../run/process-chunk.js';
import { offlineIntervals } from './offline-intervals.js';

describe('offlineIntervals', () => {
  const blocks = [
    { first: 0, last: 100 },
    { first: 700, last: 800 }, // gap 600: online
    { first: 1401, last: 1500 }, // gap 601: offline
  ];

  it('marks gaps longer than the threshold, not equal to it', () => {
    expect(offlineIntervals(blocks, null, null, 600, 0, 1500)).toEqual([{ start: 800, end: 1401 }]);
  });

  it('uses the activity before the window and clips to it', () => {
    expect(offlineIntervals(blocks.slice(1), -1000, null, 600, 500, 1500)).toEqual([
      { start: 500, end: 700 },
      { start: 800, end: 1401 },
    ]);
  });

  it('makes the tail offline when the next activity is too far or unknown', () => {
    expect(offlineIntervals(blocks, null, 2200, 600, 0, 2000)).toEqual([
      { start: 800, end: 1401 },
      { start: 1500, end: 2000 },
    ]);
    expect(offlineIntervals(blocks, null, 2100, 600, 0, 2000)).toEqual([{ start: 800, end: 1401 }]);
  });
});

describe('activityBlockMs', () => {
  it.each([
    [600_000, 450_000],
    [900_000, 900_000],
    [3_600_000, 900_000],
    [60_000, 60_000],
    [1000, 1000],
    [700, 625],
  ])('gap %i ms → blocks of %i ms', (gap, block) => {
    expect(activityBlockMs(gap)).toBe(block);
    expect(900_000 % block).toBe(0);
  });
});

describe('roundProgram', () => {
  it.each([
    [12.5, 13],
    [12.4999, 12],
    [-2.5, -3],
    [0, 0],
    [998.5, 999],
  ])('%d → %d (half away from zero)', (raw, rounded) => {
    expect(roundProgram(raw)).toBe(rounded);
  });
});
