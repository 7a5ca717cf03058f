import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, readAggregates, type Harness } from './etl-harness.js';
import { every5Minutes } from './production-fixture.js';

/** Motor M at 100 % of 1 kW, logged every 5 minutes: online, 1 kWh per hour. */
const steady = (from: string, to: string) => every5Minutes('M', from, to, 100);

const oneKw = { motors: [{ name: 'M', nominalKw: 1 }] };
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

// metrics.md §3: production days and local hour buckets.
describe('calendar buckets', () => {
  it('gives a 23-hour DST day 23 hour buckets and 82,800 covered seconds', async () => {
    h = await createHarness({ floats: steady('2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z') });
    await h.run(h.machine({ timezone: 'Europe/Madrid', variables: oneKw }));
    const rows = await readAggregates(h.target, 'm1');
    expect(rows.utilization).toEqual([
      { day: '2024-03-31', running_seconds: 82800, idle_seconds: 0, offline_seconds: 0, covered_seconds: 82800 },
      { day: '2024-04-01', running_seconds: 0, idle_seconds: 0, offline_seconds: 0, covered_seconds: 0 },
    ]);
    expect(rows.energy).toHaveLength(23);
    expect(rows.energy.every((e) => e.kwh === 1 && e.day === '2024-03-31')).toBe(true);
    expect(rows.energy.slice(0, 3).map((e) => e.start_at)).toEqual([
      '2024-03-30T23:00:00.000Z',
      '2024-03-31T00:00:00.000Z',
      '2024-03-31T01:00:00.000Z', // local 03:00: 02:00 did not exist
    ]);
  });

  it('gives a 25-hour DST day two 02:00 buckets told apart by their start instant', async () => {
    h = await createHarness({ floats: steady('2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z') });
    await h.run(h.machine({ timezone: 'Europe/Madrid', variables: oneKw }));
    const rows = await readAggregates(h.target, 'm1');
    expect(rows.utilization[0]).toEqual({
      day: '2024-10-27',
      running_seconds: 90000,
      idle_seconds: 0,
      offline_seconds: 0,
      covered_seconds: 90000,
    });
    expect(rows.energy).toHaveLength(25);
    expect(rows.energy.slice(2, 5).map((e) => e.start_at)).toEqual([
      '2024-10-27T00:00:00.000Z', // 02:00 CEST
      '2024-10-27T01:00:00.000Z', // 02:00 CET, the repeated hour
      '2024-10-27T02:00:00.000Z',
    ]);
  });

  it('starts hour buckets at half past the UTC hour in a half-hour-offset zone', async () => {
    h = await createHarness({
      floats: [
        ...steady('2024-03-04T10:00:00Z', '2024-03-04T11:00:00Z'),
        ['T', '2024-03-04T10:29:59.999Z', 10],
        ['T', '2024-03-04T10:30:00Z', 20],
      ],
    });
    await h.run(h.machine({ timezone: 'Asia/Kolkata', variables: { ...oneKw, sensors: [{ name: 'T' }] } }));
    const rows = await readAggregates(h.target, 'm1');
    expect(rows.energy).toEqual([
      { day: '2024-03-04', start_at: '2024-03-04T09:30:00.000Z', kwh: 0.5 },
      { day: '2024-03-04', start_at: '2024-03-04T10:30:00.000Z', kwh: 0.5 },
    ]);
    expect(rows.sensors.map((s) => [s.start_at, s.count, s.avg])).toEqual([
      ['2024-03-04T09:30:00.000Z', 1, 10],
      ['2024-03-04T10:30:00.000Z', 1, 20],
    ]);
  });

  it('puts an instant before dayStart into the previous production day', async () => {
    h = await createHarness({
      floats: [
        ['M', '2024-03-04T05:59:00Z', 0],
        ['M', '2024-03-04T06:01:00Z', 0],
      ],
    });
    await h.run(h.machine({ dayStart: '06:00', variables: oneKw }));
    const rows = await readAggregates(h.target, 'm1');
    expect(rows.utilization.map((u) => [u.day, u.covered_seconds])).toEqual([
      ['2024-03-03', 60],
      ['2024-03-04', 60],
    ]);
    expect(rows.energy.map((e) => [e.day, e.start_at])).toEqual([
      ['2024-03-03', '2024-03-04T05:00:00.000Z'],
      ['2024-03-04', '2024-03-04T06:00:00.000Z'],
    ]);
  });

  it('clips a shift that crosses the day boundary into two windows of the day', async () => {
    h = await createHarness({ floats: steady('2024-03-04T00:00:00Z', '2024-03-05T00:00:00Z') });
    await h.run(
      h.machine({
        shifts: [
          { name: 'A', start: '06:00' },
          { name: 'B', start: '14:00' },
          { name: 'C', start: '22:00' },
        ],
        variables: oneKw,
      }),
    );
    const rows = await readAggregates(h.target, 'm1');
    expect(rows.shifts.map((s) => [s.day, s.shift, s.running_seconds, s.covered_seconds])).toEqual([
      ['2024-03-04', 'A', 28800, 28800],
      ['2024-03-04', 'B', 28800, 28800],
      ['2024-03-04', 'C', 28800, 28800], // 00:00–06:00 and 22:00–24:00
      ['2024-03-05', 'A', 0, 0],
      ['2024-03-05', 'B', 0, 0],
      ['2024-03-05', 'C', 0, 0],
    ]);
  });
});
