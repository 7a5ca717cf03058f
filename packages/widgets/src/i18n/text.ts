import type { StateName } from '../specs/states.js';
import { messagesFor } from './languages.js';
import type { Messages } from './messages.js';

/** Between a number and its unit: "45 %" never breaks into "45" and "%" at the end of a line. */
export const NBSP = '\u00a0';

/**
 * Words and numbers in one locale: the messages of its language and numbers
 * through `Intl` (a decimal comma in German, Spanish and French). Units keep a
 * space before them ("1,5 h", "46 %"), as each of these languages writes them,
 * a no-break one.
 */
export class Text {
  readonly #one: Intl.NumberFormat;
  readonly #whole: Intl.NumberFormat;
  readonly #upTo3: Intl.NumberFormat;
  readonly #two: Intl.NumberFormat;

  constructor(
    /** A BCP 47 tag Intl supports (see TimeFormat.locale). */
    readonly locale: string,
  ) {
    const f = (digits: number, min = digits) =>
      new Intl.NumberFormat(locale, { minimumFractionDigits: min, maximumFractionDigits: digits, useGrouping: false });
    this.#one = f(1);
    this.#whole = f(0);
    this.#upTo3 = f(3, 0);
    this.#two = f(2);
  }

  /** Its language's messages (looked up each time: a language defined later applies). */
  get m(): Messages {
    return messagesFor(this.locale);
  }

  /** `1.5 h`, `12 h`. */
  hours(seconds: number): string {
    const h = seconds / 3600;
    return `${(h >= 10 ? this.#whole : this.#one).format(h)}${NBSP}h`;
  }

  /** `46 %`, or `–` of nothing. */
  percent(part: number, whole: number): string {
    return whole > 0 ? this.share(part / whole) : '–';
  }

  /** A share 0–1 as a whole percentage, `–` when null (metrics.md §13: nothing planned). */
  share(share: number | null): string {
    return share === null ? '–' : this.wholePercent(Math.round(share * 100));
  }

  /** A whole percentage already rounded (see shares()): `46 %`. */
  wholePercent(percent: number): string {
    return `${this.#whole.format(percent)}${NBSP}%`;
  }

  /** A share to one decimal, `12.5 %`. */
  shareExact(share: number): string {
    return `${this.#one.format(share * 100)}${NBSP}%`;
  }

  /** `12.3 kWh`, `153 kWh`. */
  kwh(value: number): string {
    return `${(value >= 100 ? this.#whole : this.#one).format(value)}${NBSP}kWh`;
  }

  /** A number for tables: at most 3 decimals, no trailing zeros. */
  decimal(value: number | null): string {
    return value === null ? '' : this.#upTo3.format(value);
  }

  /** A number with exactly one or two decimals. */
  fixed(value: number, digits: 1 | 2): string {
    return (digits === 1 ? this.#one : this.#two).format(value);
  }

  /** A duration as a person reads it: seconds, minutes or hours. */
  duration(seconds: number): string {
    if (seconds < 90) return `${this.#whole.format(Math.round(seconds))}${NBSP}s`;
    if (seconds < 5400) return `${this.#whole.format(Math.round(seconds / 60))}${NBSP}min`;
    return this.hours(seconds);
  }

  state(state: StateName): string {
    return this.m.states[state];
  }
}

const cache = new Map<string, Text>();

/** The Text of a locale, made once per page. */
export function textFor(locale: string): Text {
  let text = cache.get(locale);
  if (!text) {
    text = new Text(locale);
    cache.set(locale, text);
  }
  return text;
}
