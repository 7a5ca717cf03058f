import { describe, expect, it } from 'vitest';
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
