import { compareCodePoints } from '@spindle/core';
import type { AlarmOccurrence } from './alarm-tracker.js';

/** The category order as ranks (core's `categoryRank`): unknown categories last. */
export type CategoryRank = ReadonlyMap<string, number>;

/**
 * metrics.md §12: the cause of downtime among the occurrences open now: the one
 * whose category comes first in the category order, then the earlier raised,
 * then the smaller identity. Null when none is open.
 */
export function causeOf(open: Iterable<AlarmOccurrence>, rank: CategoryRank): AlarmOccurrence | null {
  let best: AlarmOccurrence | null = null;
  let bestRank = 0;
  for (const o of open) {
    const r = rank.get(o.category) ?? rank.size;
    if (
      best === null ||
      r < bestRank ||
      (r === bestRank && (o.raisedAt < best.raisedAt || (o.raisedAt === best.raisedAt && compareCodePoints(o.identity, best.identity) < 0)))
    ) {
      best = o;
      bestRank = r;
    }
  }
  return best;
}
