import { parseFleetConfig } from '@spindle/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { sampleFleet } from '../src/simulate/machine-profile.js';
import { simulateFleet } from '../src/simulate/simulate-fleet.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

let src: { url: string; drop: () => Promise<void> };
beforeAll(async () => {
  src = await createTestDatabase('spindle_sim');
  const json = sampleFleet(() => src.url);
  json.machines = [json.machines[0]!];
  await simulateFleet(parseFleetConfig(json), { from: '2024-03-04', days: 5, density: 0.1, seed: 11 });
});
afterAll(() => src.drop());

// A plant engineer reads the demo's temperatures: warmer while cutting, back towards the hall's when stopped.
it('simulates temperatures that follow the machine: plausible, warmer while it runs than while it stands', async () => {
  const db = await open(src.url);
  try {
    const { rows } = await db.query<{ name: string; date: number; value: number }>(
      `SELECT v.name, l.date, l.value::float8 AS value FROM variable_log_float l JOIN variable v ON v.id = l.id_var
        WHERE v.name IN ('MACHINE_IN_OPERATION', 'TEMPERATURA_BASE', 'TEMPERATURA_SPINDLE') AND l.value::float8 > 1 AND l.value::float8 < 'Infinity'
        ORDER BY l.date, v.name`,
    );
    let running = false;
    const seen: Record<string, { on: number[]; off: number[] }> = {
      TEMPERATURA_BASE: { on: [], off: [] },
      TEMPERATURA_SPINDLE: { on: [], off: [] },
    };
    for (const r of rows) {
      if (r.name === 'MACHINE_IN_OPERATION') running = r.value > 0;
      else (running ? seen[r.name]!.on : seen[r.name]!.off).push(r.value / 100);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    for (const [name, { on, off }] of Object.entries(seen)) {
      expect(on.length, name).toBeGreaterThan(100);
      expect(Math.min(...on, ...off), name).toBeGreaterThan(15);
      expect(Math.max(...on, ...off), name).toBeLessThan(45);
      expect(mean(on) - mean(off), name).toBeGreaterThan(name === 'TEMPERATURA_BASE' ? 1 : 4);
    }
  } finally {
    await db.end();
  }
});
