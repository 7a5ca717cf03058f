import type { AlarmOccurrence } from './alarm-tracker.js';

/**
 * Compares in Unicode code point order, as PostgreSQL's COLLATE "C" does on
 * UTF-8; JavaScript's `<` compares UTF-16 units, which sorts characters beyond
 * U+FFFF before U+E000…U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  const x = a[Symbol.iterator]();
  const y = b[Symbol.iterator]();
  for (;;) {
    const p = x.next();
    const q = y.next();
    if (p.done || q.done) return p.done && q.done ? 0 : p.done ? -1 : 1;
    const d = p.value.codePointAt(0)! - q.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

/** The category order as ranks: `rank.get(category)`, unknown categories last. */
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
