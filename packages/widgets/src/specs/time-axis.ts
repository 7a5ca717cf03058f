import type { TimeFormat } from '../internal/time-format.js';
import { slot } from './chart-input.js';

const HOUR = 3_600_000;

/** Every multiple of `step` (whole hours or days of the wall clock) from `start` to `end`. */
function ticks(start: number, end: number, step: number): number[] {
  const out: number[] = [];
  for (let t = Math.ceil(start / step) * step; t <= end; t += step) out.push(t);
  return out;
}

/** The signals `timeAxis` reads. */
export const TIME_AXIS_SIGNALS = ['xTitle', 'xPattern', 'xTicks'] as const;

/**
 * The x axis of a chart over wall-clock time. Labels that would collide are
 * dropped, so narrow charts stay readable; `utcFormat` whatever the viewer's
 * zone, because the values are the machine's wall clock encoded as UTC.
 */
export const timeAxis = {
  title: slot('xTitle'),
  labelExpr: 'utcFormat(datum.value, xPattern)',
  values: { expr: 'xTicks' },
  labelOverlap: 'greedy' as const,
  labelSeparation: 6,
  titleFontWeight: 'normal' as const,
};

/**
 * The values of `timeAxis` for a range: more than a day and a half ticks at
 * midnights, labelled with the date (never seven identical "12 PM" ticks); a
 * shorter one ticks at hours on a 24-hour clock and names its day in the title.
 * The title names the machine's zone.
 */
export function timeAxisSignals([start, end]: [number, number], fmt: TimeFormat) {
  const span = end - start;
  const multiDay = span > 36 * HOUR;
  const firstDay = new Date(start).toISOString().slice(0, 10);
  return {
    xTitle: multiDay ? fmt.timeZone : `${fmt.day(firstDay)} · ${fmt.timeZone}`,
    xPattern: multiDay ? fmt.dayPattern : '%H:%M',
    xTicks: ticks(start, end, multiDay ? 24 * HOUR : span > 12 * HOUR ? 3 * HOUR : HOUR),
  };
}
