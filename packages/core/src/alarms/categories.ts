import type { AlarmCategoryRule } from '../config/fleet-config.js';

/** metrics.md §8: the default category rules, in order. */
export const DEFAULT_ALARM_CATEGORIES: readonly AlarmCategoryRule[] = [
  { category: 'emergency', keywords: ['emerg'] },
  { category: 'error', keywords: ['error', 'err', 'fallo', 'fault'] },
  { category: 'warning', keywords: ['alert', 'alarm', 'warn', 'aviso', 'attention'] },
];

/** The category of an alarm that no rule matches. */
export const OTHER_CATEGORY = 'other';

/** metrics.md §8: the first rule with a keyword inside the description, case-insensitively. */
export function categorize(description: string, rules: readonly AlarmCategoryRule[]): string {
  const text = description.toLowerCase();
  for (const rule of rules) {
    if (rule.keywords.some((k) => text.includes(k.toLowerCase()))) return rule.category;
  }
  return OTHER_CATEGORY;
}

/**
 * metrics.md §12: the categories in the order that decides a downtime cause: the
 * rules' categories in order of first appearance, then `other` (unless a rule
 * already named it).
 */
export function categoryOrder(rules: readonly AlarmCategoryRule[]): string[] {
  const order = [...new Set(rules.map((r) => r.category))];
  return order.includes(OTHER_CATEGORY) ? order : [...order, OTHER_CATEGORY];
}

/** The category order as ranks, `rank.get(category)`; a category the rules never name ranks after them all. */
export function categoryRank(rules: readonly AlarmCategoryRule[]): ReadonlyMap<string, number> {
  return new Map(categoryOrder(rules).map((category, i) => [category, i]));
}

/**
 * Compares in Unicode code point order, as PostgreSQL's COLLATE "C" does on
 * UTF-8 (metrics.md §12 breaks ties between alarm identities so); JavaScript's
 * `<` compares UTF-16 units, which sorts characters beyond U+FFFF before
 * U+E000…U+FFFF.
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
