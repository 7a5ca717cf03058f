import type { ActivityBlock } from '../source/activity-queries.js';

export interface Interval {
  start: number;
  end: number;
}

/**
 * metrics.md §4: [a_i, a_i+1) is OFFLINE when a_i+1 − a_i > the gap threshold.
 * `before` is the last activity before the window, `after` the first one at or
 * after its end (null: none known within gapMs, which makes a gap there offline).
 * Returns the offline intervals clipped to [from, to), in order.
 */
export function offlineIntervals(
  blocks: readonly ActivityBlock[],
  before: number | null,
  after: number | null,
  gapMs: number,
  from: number,
  to: number,
): Interval[] {
  const out: Interval[] = [];
  const add = (a: number, b: number) => {
    const start = Math.max(a, from);
    const end = Math.min(b, to);
    if (end > start) out.push({ start, end });
  };
  let prev = before;
  for (const block of blocks) {
    if (prev !== null && block.first - prev > gapMs) add(prev, block.first);
    prev = block.last;
  }
  if (prev !== null && prev < to && (after === null || after - prev > gapMs)) add(prev, to);
  return out;
}
