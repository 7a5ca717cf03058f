import { describe, expect, it } from 'vitest';
import { backfillUnits, incrementalUnits, unitLabel } from './work-unit.js';

describe('work units', () => {
  it('cuts a backfill into ranges, round-robin across machines, the last range short', () => {
    const units = backfillUnits(['a', 'b'], '2024-02-27', '2024-03-03', 3);
    expect(units.map(unitLabel)).toEqual([
      'a 2024-02-27..2024-02-29',
      'b 2024-02-27..2024-02-29',
      'a 2024-03-01..2024-03-03',
      'b 2024-03-01..2024-03-03',
    ]);
    expect(backfillUnits(['a'], '2024-03-01', '2024-03-01', 31).map(unitLabel)).toEqual(['a 2024-03-01..2024-03-01']);
  });

  it('refuses a reversed range and a unit size below one day', () => {
    expect(() => backfillUnits(['a'], '2024-03-02', '2024-03-01', 1)).toThrow(/not a range/);
    expect(() => backfillUnits(['a'], '2024-03-01', '2024-03-02', 0)).toThrow(/unitDays/);
  });

  it('makes one incremental unit per machine', () => {
    expect(incrementalUnits(['a', 'b'], 24)).toEqual([
      { machineId: 'a', mode: { kind: 'run', lookbackHours: 24 } },
      { machineId: 'b', mode: { kind: 'run', lookbackHours: 24 } },
    ]);
  });
});
