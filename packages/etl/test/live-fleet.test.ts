import { parseFleetConfig } from '@spindle/core';
import { expect, it } from 'vitest';
import { LiveFleet } from '../src/simulate/live-fleet.js';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

const MINUTE = 60_000;

// The live demo: a history that stops at "now", then rows as their time comes, each once.
it('logs the history up to now, then each row once as its time comes, and powers the machine on while it lives', async () => {
  const src = await createTestDatabase('spindle_live');
  const json = sampleFleet(() => src.url);
  json.machines = [json.machines[0]!];
  // A Sunday night in Madrid: the two-shift machine is off, the live demo powers it on.
  const now = Date.parse('2024-03-10T21:00:00Z');
  const { live } = await LiveFleet.start(parseFleetConfig(json), { now, days: 2, density: 0.1, seed: 4 });
  const db = await open(src.url);
  const span = async () =>
    (
      await db.query<{ n: number; first: string; last: string }>(
        'SELECT count(*)::int AS n, min(date) AS first, max(date) AS last FROM variable_log_float',
      )
    ).rows[0]!;
  try {
    const history = await span();
    expect(history.n).toBeGreaterThan(1000);
    expect(Number(history.last)).toBeLessThan(now);
    expect(Number(history.first)).toBeGreaterThanOrEqual(Date.parse('2024-03-08T00:00:00Z') - 3_600_000);

    const written = await live.append(now + 30 * MINUTE);
    const after = await span();
    expect(written).toBeGreaterThan(50);
    const sinceNow = await db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM variable_log_float WHERE date >= $1) + (SELECT count(*) FROM variable_log_string WHERE date >= $1) AS n',
      [now],
    );
    expect(Number(sinceNow.rows[0]!.n)).toBe(written);
    expect(Number(after.last)).toBeLessThan(now + 30 * MINUTE);
    expect(await live.append(now + 30 * MINUTE)).toBe(0);
    // Past the first planned block: planning goes on seamlessly.
    expect(await live.append(now + 5 * 60 * MINUTE)).toBeGreaterThan(written);
    const { rows } = await db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM (SELECT id_var, date FROM variable_log_float GROUP BY 1, 2 HAVING count(*) > 1) d',
    );
    expect(rows[0]!.n).toBe(0);
  } finally {
    await db.end();
    await live.close();
    await src.drop();
  }
});
