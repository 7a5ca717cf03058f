/**
 * One way of writing time on every chart, table and sentence: 24-hour, in the
 * reader's locale (month and weekday names, the order of day and month), of
 * wall-clock values in the machine's zone (see wallClock: encoded as UTC).
 */
export class TimeFormat {
  readonly locale: string;
  readonly #dateTime: Intl.DateTimeFormat;
  readonly #day: Intl.DateTimeFormat;
  readonly #dayShort: Intl.DateTimeFormat;
  readonly #clock: Intl.DateTimeFormat;

  /** `locale`: a BCP 47 tag; an unknown or malformed one falls back to English. */
  constructor(
    locale: string | undefined,
    /** The machine's IANA zone, named where times are shown. */
    readonly timeZone: string,
  ) {
    this.locale = supportedLocale(locale);
    const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(this.locale, { timeZone: 'UTC', ...o });
    this.#dateTime = f({ day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    this.#day = f({ weekday: 'short', day: 'numeric', month: 'short' });
    this.#dayShort = f({ day: 'numeric', month: 'short' });
    this.#clock = f({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  }

  /** `27 Mar 2024, 14:05` (en-GB), `Mar 27, 2024, 14:05` (en-US). */
  dateTime(wall: number): string {
    return this.#dateTime.format(wall);
  }

  /** A production day `YYYY-MM-DD` as `Wed 27 Mar`. */
  day(day: string): string {
    return this.#day.format(Date.parse(`${day}T00:00:00Z`));
  }

  /** A production day `YYYY-MM-DD` as `27 Mar`, for crowded axes. */
  dayShort(day: string): string {
    return this.#dayShort.format(Date.parse(`${day}T00:00:00Z`));
  }

  /** `14:05`. */
  clock(wall: number): string {
    return this.#clock.format(wall);
  }

  /** vega's d3 pattern for day ticks in this locale's order, e.g. `%a %-d %b` or `%a, %b %-d`. */
  get dayPattern(): string {
    return this.#day
      .formatToParts(Date.UTC(2024, 2, 27))
      .map((p) => (p.type === 'weekday' ? '%a' : p.type === 'day' ? '%-d' : p.type === 'month' ? '%b' : p.value.replaceAll('%', '%%')))
      .join('');
  }
}

/** `locale` if Intl supports it, else English. */
export function supportedLocale(locale: string | undefined): string {
  try {
    return (locale && Intl.DateTimeFormat.supportedLocalesOf(locale)[0]) || 'en';
  } catch {
    return 'en';
  }
}

/** The language of an element: its own `lang` or its nearest ancestor's, across shadow roots, else the browser's. */
export function inheritedLang(element: Element): string | undefined {
  for (let node: Element | null = element; node; ) {
    const lang = node.closest('[lang]')?.getAttribute('lang');
    if (lang) return lang;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return typeof navigator === 'undefined' ? undefined : navigator.language;
}
