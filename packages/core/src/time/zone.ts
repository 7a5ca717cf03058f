// Wall-clock arithmetic for IANA time zones through Intl: no tz database of our own.
const HOUR = 3_600_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA time zone name this runtime knows. */
export function isValidZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

// Intl's formatToParts costs microseconds, and the API asks the same day starts
// again and again: offsets already computed are kept, a bounded number per zone.
const offsets = new Map<string, Map<number, number>>();
const KEPT_PER_ZONE = 20_000;

/** UTC offset in ms (local − UTC) in force at instant `t`. */
export function offsetAt(zone: string, t: number): number {
  let kept = offsets.get(zone);
  if (!kept) {
    kept = new Map();
    offsets.set(zone, kept);
  }
  const known = kept.get(t);
  if (known !== undefined) return known;
  if (kept.size >= KEPT_PER_ZONE) kept.clear();
  const offset = computeOffset(zone, t);
  kept.set(t, offset);
  return offset;
}

function computeOffset(zone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(t))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const wall = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return wall - (t - (((t % 1000) + 1000) % 1000));
}

export interface OffsetSegment {
  start: number;
  end: number;
  offset: number;
}

/** First instant in (lo, hi] whose offset differs from offsetAt(lo); assumes one change. */
function findTransition(zone: string, lo: number, hi: number): number {
  const before = offsetAt(zone, lo);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** Splits [from, to) into maximal segments of constant UTC offset. */
export function offsetSegments(zone: string, from: number, to: number): OffsetSegment[] {
  // Zones change offset at most a few times a year, never twice within 6 hours.
  const step = 6 * HOUR;
  const segments: OffsetSegment[] = [];
  let start = from;
  let offset = offsetAt(zone, from);
  for (let t = from; t < to; ) {
    const next = Math.min(t + step, to);
    const nextOffset = offsetAt(zone, next === to ? to - 1 : next);
    if (nextOffset !== offset) {
      const change = findTransition(zone, t, next === to ? to - 1 : next);
      segments.push({ start, end: change, offset });
      start = change;
      offset = nextOffset;
    }
    t = next;
  }
  segments.push({ start, end: to, offset });
  return segments.filter((s) => s.end > s.start);
}

/**
 * The instant at which the local wall clock shows `wall` (given as the UTC ms of
 * those wall-clock fields). metrics.md §10: a wall time in a DST gap moves forward
 * to the first valid instant; one in a repeated hour takes the first occurrence.
 */
export function wallToInstant(zone: string, wall: number): number {
  const day = 24 * HOUR;
  const candidates = new Set([offsetAt(zone, wall - day), offsetAt(zone, wall), offsetAt(zone, wall + day)]);
  const valid = [...candidates].map((o) => wall - o).filter((t) => offsetAt(zone, t) === wall - t);
  if (valid.length > 0) return Math.min(...valid);
  // In a gap: the wall time was skipped, so the first valid instant is the transition.
  const offsets = [...candidates].sort((a, b) => a - b);
  const lo = wall - offsets[offsets.length - 1]!;
  const hi = wall - offsets[0]!;
  return findTransition(zone, lo, hi);
}

/**
 * Instant `t` as the machine's local wall time with its offset,
 * `2022-03-27T03:00:00.000+02:00`: what a BI tool that cannot convert by IANA
 * zone name (Power Query) reads as a local time, milliseconds kept as in UTC.
 */
export function localIso(t: number, zone: string): string {
  const offset = offsetAt(zone, t);
  const minutes = Math.round(Math.abs(offset) / 60_000);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${new Date(t + offset).toISOString().slice(0, 23)}${sign}${hh}:${mm}`;
}
