import { describe, expect, it } from 'vitest';
import { activityBlockMs } from './machine-context.js';
import { roundProgram, splitRange } from './process-chunk.js';

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

describe('splitRange', () => {
  it('cuts at the candidates nearest to equal shares', () => {
    expect(splitRange([0, 50, 100], 0, 100, 2)).toEqual([
      [0, 50],
      [50, 100],
    ]);
    expect(splitRange([0, 10, 20, 30, 40], 0, 40, 2)).toEqual([
      [0, 20],
      [20, 40],
    ]);
    expect(splitRange([0, 100], 0, 100, 3)).toEqual([[0, 100]]);
  });
});
