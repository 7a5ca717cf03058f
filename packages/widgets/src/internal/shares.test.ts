import { describe, expect, it } from 'vitest';
import { shares } from './shares.js';

describe('shares', () => {
  it('rounds to whole percentages that add up to 100, the largest remainders (the first of equal ones) rounded up', () => {
    // Each rounded on its own: 33 + 33 + 33 = 99.
    expect(shares([1, 1, 1])).toEqual([34, 33, 33]);
    // Each rounded on its own: 47 + 10 + 44 = 101.
    expect(shares([46.5, 9.5, 44])).toEqual([47, 9, 44]);
    expect(shares([0, 0])).toEqual([0, 0]);
  });
});
