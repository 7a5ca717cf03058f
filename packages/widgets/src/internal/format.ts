export function hours(seconds: number): string {
  const h = seconds / 3600;
  return `${h >= 10 ? h.toFixed(0) : h.toFixed(1)} h`;
}

export function percent(part: number, whole: number): string {
  return whole > 0 ? `${Math.round((100 * part) / whole)} %` : '–';
}

export function kwh(value: number): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} kWh`;
}

/** A number rounded for tables: at most 3 decimals, no trailing zeros. */
export function decimal(value: number | null): string {
  return value === null ? '' : String(Math.round(value * 1000) / 1000);
}

export function programLabel(program: number | null): string {
  return program === null ? 'no program' : `P${program}`;
}

/** A duration as a person reads it: seconds, minutes or hours. */
export function duration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return hours(seconds);
}

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
