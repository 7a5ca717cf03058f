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
