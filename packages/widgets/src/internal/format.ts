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
