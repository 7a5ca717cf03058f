/** A value that holds from each change until the next: "the last value at or before t". */
export class StepFunction<T> {
  private index = -1;

  /** `changes` sorted by time; `initial` holds before the first change. */
  constructor(
    private readonly changes: readonly { date: number; value: T }[],
    private readonly initial: T,
  ) {}

  /** Value at t; calls must come with non-decreasing t. */
  at(t: number): T {
    while (this.index + 1 < this.changes.length && this.changes[this.index + 1]!.date <= t) this.index++;
    return this.index < 0 ? this.initial : this.changes[this.index]!.value;
  }

  /** The instants where the value may change. */
  dates(): number[] {
    return this.changes.map((c) => c.date);
  }
}
