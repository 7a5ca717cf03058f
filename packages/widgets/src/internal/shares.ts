/**
 * Whole percentages of `parts` that add up to exactly 100 (largest-remainder
 * rounding): "46 %, 9 %, 45 %", never a 101 % from rounding each on its own.
 */
export function shares(parts: readonly number[]): number[] {
  const whole = parts.reduce((a, b) => a + b, 0);
  if (whole <= 0) return parts.map(() => 0);
  const exact = parts.map((p) => (100 * p) / whole);
  const floors = exact.map(Math.floor);
  let left = 100 - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((e, i) => [e - floors[i]!, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    floors[i]!++;
  }
  return floors;
}
