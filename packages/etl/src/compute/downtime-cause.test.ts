import { describe, expect, it } from 'vitest';
import type { AlarmOccurrence } from './alarm-tracker.js';
import { compareCodePoints } from '@spindle/core';
import { causeOf } from './downtime-cause.js';

const rank = new Map(['emergency', 'error', 'warning', 'other'].map((c, i) => [c, i]));
const open = (identity: string, category: string, raisedAt: number): AlarmOccurrence => ({
  identity,
  code: identity,
  description: identity,
  category,
  raisedAt,
  clearedAt: null,
});

describe('causeOf (metrics.md §12)', () => {
  it('takes the first category in the order, then the earlier raised, then the smaller identity', () => {
    expect(causeOf([], rank)).toBeNull();
    expect(causeOf([open('W1', 'warning', 1), open('E9', 'error', 5)], rank)?.identity).toBe('E9');
    expect(causeOf([open('E2', 'error', 5), open('E9', 'error', 3)], rank)?.identity).toBe('E9');
    expect(causeOf([open('E9', 'error', 3), open('E2', 'error', 3)], rank)?.identity).toBe('E2');
    expect(causeOf([open('X', 'custom', 1), open('O', 'other', 9)], rank)?.identity).toBe('O');
  });

  it('breaks identity ties in code point order, not UTF-16 order', () => {
    // U+FF21 (Ａ) is one UTF-16 unit above the surrogates of U+1F600 (😀) but a smaller code point.
    expect('😀' < 'Ａ').toBe(true);
    expect(compareCodePoints('😀', 'Ａ')).toBeGreaterThan(0);
    expect(causeOf([open('😀', 'error', 3), open('Ａ', 'error', 3)], rank)?.identity).toBe('Ａ');
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'abc')).toBe(0);
  });
});
