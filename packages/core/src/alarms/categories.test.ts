import { expect, it } from 'vitest';
import { categorize, categoryOrder, DEFAULT_ALARM_CATEGORIES } from './categories.js';

it('categorizes by the first rule whose keyword is in the description, case-insensitively', () => {
  expect(categorize('EMERGENCY STOP pressed', DEFAULT_ALARM_CATEGORIES)).toBe('emergency');
  expect(categorize('Spindle fault', DEFAULT_ALARM_CATEGORIES)).toBe('error');
  expect(categorize('Door open', DEFAULT_ALARM_CATEGORIES)).toBe('other');
});

it('orders categories by first appearance, then other', () => {
  expect(categoryOrder(DEFAULT_ALARM_CATEGORIES)).toEqual(['emergency', 'error', 'warning', 'other']);
  const rules = [
    { category: 'tool', keywords: ['tool'] },
    { category: 'other', keywords: ['misc'] },
    { category: 'tool', keywords: ['wear'] },
    { category: 'coolant', keywords: ['coolant'] },
  ];
  expect(categoryOrder(rules)).toEqual(['tool', 'other', 'coolant']);
  expect(categoryOrder([])).toEqual(['other']);
});
