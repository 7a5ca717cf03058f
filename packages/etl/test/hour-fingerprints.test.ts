import { expect, it } from 'vitest';
import { open } from '@spindle/test-kit/postgres';
import { hourFingerprints } from '../src/source/hour-fingerprints.js';
import { createHarness } from './etl-harness.js';
import { every5Minutes } from './production-fixture.js';

// Runs compare what they read with what the last run recorded, so every way of
// reading (index ranges on one connection or split over several, or one scan
// where the index is missing) must agree exactly.
it('reads the same hour fingerprints with the (id_var, date) indexes, on one connection or three, and without them', async () => {
  const h = await createHarness({
    floats: [...every5Minutes('A', '2024-03-04T00:00:00Z', '2024-03-05T06:00:00Z'), ['B', '2024-03-04T10:59:59.999Z', 2]],
    strings: [
      ['S', '2024-03-04T11:00:00Z', '[]'],
      ['S', '2024-03-04T11:30:00.001Z', null],
    ],
  });
  const more = [await open(h.sourceUrl), await open(h.sourceUrl)];
  try {
    const { rows } = await h.source.query<{ id: number }>('SELECT id FROM variable ORDER BY id');
    const ids = rows.map((r) => Number(r.id));
    const from = Date.parse('2024-03-04T03:30:00Z');
    const to = Date.parse('2024-03-05T05:00:00Z');
    const split = Date.parse('2024-03-04T11:15:00Z');
    const indexed = await hourFingerprints([h.source], ids, from, to, split);
    expect(indexed.all.size).toBe(27); // 03:00 through 05:00 the next day
    expect(indexed.upTo.get(Date.parse('2024-03-04T11:00:00Z') / 3_600_000)?.rows).toBe(5); // A at :00, :05, :10 and :15, S at :00
    // 27 hours over three connections: parts of 9 hours, the first starting mid-hour.
    expect(await hourFingerprints([h.source, ...more], ids, from, to, split)).toEqual(indexed);
    await h.source.query('DROP INDEX variable_log_float_var_date, variable_log_string_var_date');
    expect(await hourFingerprints([h.source, ...more], ids, from, to, split)).toEqual(indexed);
  } finally {
    for (const c of more) await c.end();
    await h.close();
  }
});
