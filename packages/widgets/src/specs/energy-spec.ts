import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { TimeFormat } from '../internal/time-format.js';
import { timeAxis } from './time-axis.js';

/** Energy of one bucket on the machine's wall clock, with its day's total for the tooltip. */
export interface EnergyRow {
  start: number;
  label: string;
  day: string;
  kwh: number;
  dayKwh: number;
}

export function energySpec(
  rows: EnergyRow[],
  bucket: 'hour' | 'day',
  peak: EnergyRow | undefined,
  theme: ChartTheme,
  fmt: TimeFormat,
): TopLevelSpec {
  const bucketMs = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const span: [number, number] = [rows[0]?.start ?? 0, (rows.at(-1)?.start ?? 0) + bucketMs];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 200,
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      // One bar per local hour (or day): the bucket's start is already wall-clock time.
      x: {
        field: 'start',
        type: 'temporal',
        timeUnit: bucket === 'hour' ? 'utcyearmonthdatehours' : 'utcyearmonthdate',
        axis: timeAxis(span, fmt),
      },
      y: { field: 'kwh', type: 'quantitative', title: 'kWh' },
      color: peak
        ? { condition: { test: `datum.start === ${peak.start}`, value: theme.danger }, value: theme.accent }
        : { value: theme.accent },
      tooltip: [
        { field: 'label', title: 'from' },
        { field: 'kwh', title: 'kWh', format: '.2f' },
        { field: 'dayKwh', title: 'day total kWh', format: '.1f' },
      ],
    },
  };
}
