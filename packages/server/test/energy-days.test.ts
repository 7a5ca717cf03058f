import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApi, type ApiFixture } from '@spindle/test-kit/api';
import { open } from '@spindle/test-kit/postgres';

let api: ApiFixture;
beforeAll(async () => {
  api = await startApi();
});
afterAll(() => api.close());

// metrics.md §10: day rows for every day from day(a0) to day(W). When W falls on a
// production day's start, no hour of that day lies in [a0, W): it still has its row.
it('answers a 0 kWh row for day(W) when no hour of it lies before W', async () => {
  const db = await open(api.databaseUrl);
  try {
    const { rows } = await db.query(`SELECT last_day::text AS last FROM spindle_machine WHERE machine_id = '2207'`);
    const last = rows[0].last as string;
    const before = (await api.get(`/api/v1/machines/2207/energy?from=${last}&to=${last}&bucket=day`)).json.items;
    expect(before).toHaveLength(1);
    // As the ETL leaves a machine whose W is exactly the start of its last day.
    await db.query(`DELETE FROM energy_hour WHERE machine_id = '2207' AND day = $1`, [last]);
    await db.query(`UPDATE spindle_machine SET updated_at = now() WHERE machine_id = '2207'`);
    const after = await api.get(`/api/v1/machines/2207/energy?from=2024-03-25&to=2024-04-10&bucket=day`);
    const days = after.json.items.map((i: { day: string }) => i.day);
    expect(days.at(-1)).toBe(last);
    expect(after.json.items.at(-1)).toMatchObject({ day: last, kwh: 0 });
    expect(new Set(days).size).toBe(days.length);
  } finally {
    await db.end();
  }
});
