import { describe, expect, it } from 'vitest';
import { FixedWindowCounter } from './fixed-window.js';

describe('FixedWindowCounter', () => {
  it('allows `limit` events per key and window, then refuses until the window ends', () => {
    const c = new FixedWindowCounter(3, 60_000);
    expect([c.add('a', 0), c.add('a', 1), c.add('a', 2), c.add('a', 3)]).toEqual([true, true, true, false]);
    expect(c.add('b', 10)).toBe(true);
    expect(c.retryAfter('a', 30_500)).toBe(30);
    expect(c.add('a', 60_000)).toBe(true);
  });
});
