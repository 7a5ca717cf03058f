/**
 * Counts events per key in fixed one-minute windows: simple, bounded in memory,
 * and enough to stop a runaway page or a key-guessing loop.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly limit: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one event for `key`; true while the key is within its limit. */
  add(key: string, now = Date.now()): boolean {
    this.sweep(now);
    const w = this.windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.windows.set(key, { start: now, count: 1 });
      return 1 <= this.limit;
    }
    return ++w.count <= this.limit;
  }

  /** Whole seconds until `key`'s window ends (at least 1). */
  retryAfter(key: string, now = Date.now()): number {
    const w = this.windows.get(key);
    return w ? Math.max(1, Math.ceil((w.start + this.windowMs - now) / 1000)) : 1;
  }

  private sweep(now: number): void {
    if (this.windows.size <= 10_000) return;
    for (const [k, v] of this.windows) if (now - v.start >= this.windowMs) this.windows.delete(k);
  }
}
