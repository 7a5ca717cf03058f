import { describe, expect, it } from 'vitest';
import { consecutive, differingHours } from './audit-machine.js';

describe('the audit’s comparison', () => {
  it('finds hours that differ in any part, or hold rows on one side only', () => {
    const f = (rows: number, dateSum: string, idSum: number) => ({ rows, dateSum, idSum });
    const seen = new Map([
      [1, f(3, '10', 30)],
      [2, f(3, '10', 30)],
      [3, f(3, '10', 30)],
      [4, f(3, '10', 30)],
      [6, f(1, '1', 1)],
    ]);
    const now = new Map([
      [1, f(3, '10', 30)],
      [2, f(3, '11', 30)],
      [3, f(3, '10', 31)],
      [4, f(4, '10', 30)],
      [5, f(1, '1', 1)],
    ]);
    expect(differingHours(seen, now)).toEqual([2, 3, 4, 5, 6]);
    // Sums beyond 2^53 are compared exactly.
    expect(differingHours(new Map([[1, f(1, '9007199254740993', 1)]]), new Map([[1, f(1, '9007199254740992', 1)]]))).toEqual([1]);
  });

  it('groups days into runs of consecutive days, across month ends', () => {
    expect(consecutive(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-03', '2026-03-01'])).toEqual([
      ['2026-01-30', '2026-02-01'],
      ['2026-02-03', '2026-02-03'],
      ['2026-03-01', '2026-03-01'],
    ]);
  });
});
