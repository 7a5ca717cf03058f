// d3's locale definitions for vega, made from Intl: only charts need them, so
// they travel in the chart chunk rather than the first download.

/** vega's `{ time, number }` locale of a BCP 47 tag Intl supports: its month and weekday names, its decimal separator. */
export function vegaLocale(locale: string): { time: Record<string, unknown>; number: Record<string, unknown> } {
  const names = (o: Intl.DateTimeFormatOptions, n: number, at: (i: number) => number) => {
    const f = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', ...o });
    return Array.from({ length: n }, (_, i) => f.format(at(i)));
  };
  // 2024-01-07 was a Sunday: d3 lists weekdays from Sunday.
  const weekday = (i: number) => Date.UTC(2024, 0, 7 + i);
  const month = (i: number) => Date.UTC(2024, i, 15);
  const parts = new Intl.NumberFormat(locale).formatToParts(12345.6);
  const part = (type: string, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
  return {
    time: {
      dateTime: '%x, %H:%M',
      date: '%-d %b %Y',
      time: '%H:%M:%S',
      periods: ['', ''],
      days: names({ weekday: 'long' }, 7, weekday),
      shortDays: names({ weekday: 'short' }, 7, weekday),
      months: names({ month: 'long' }, 12, month),
      shortMonths: names({ month: 'short' }, 12, month),
    },
    number: { decimal: part('decimal', '.'), thousands: part('group', ','), grouping: [3], currency: ['', ''] },
  };
}
