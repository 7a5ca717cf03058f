import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { Text } from '../i18n/text.js';
import type { TimeFormat } from '../internal/time-format.js';
import { type ChartInput, signals, TABLE, TIP } from './chart-input.js';
import { TIME_AXIS_SIGNALS, timeAxis, timeAxisSignals } from './time-axis.js';

/** Energy of one bucket on the machine's wall clock, with its day's total for the tooltip. */
export interface EnergyRow {
  start: number;
  label: string;
  day: string;
  kwh: number;
  dayKwh: number;
}

/** kWh per hour or per day; the bar of the peak bucket (`peakStart`) in the danger colour. */
export function energyChart(bucket: 'hour' | 'day'): TopLevelSpec {
  return {
    width: 'container',
    height: 200,
    data: { name: TABLE },
    params: signals(...TIME_AXIS_SIGNALS, 'accent', 'danger', 'peakStart'),
    mark: { type: 'bar', tooltip: TIP },
    encoding: {
      // One bar per local hour (or day): the bucket's start is already wall-clock time.
      x: { field: 'start', type: 'temporal', timeUnit: bucket === 'hour' ? 'utcyearmonthdatehours' : 'utcyearmonthdate', axis: timeAxis },
      y: { field: 'kwh', type: 'quantitative', title: 'kWh' },
      color: { condition: { test: 'datum.start === peakStart', value: { expr: 'danger' } }, value: { expr: 'accent' } },
    },
  };
}

export function energySpec(
  rows: EnergyRow[],
  bucket: 'hour' | 'day',
  peak: EnergyRow | undefined,
  theme: ChartTheme,
  fmt: TimeFormat,
  text: Text,
): ChartInput {
  const { m } = text;
  const bucketMs = bucket === 'hour' ? 3_600_000 : 86_400_000;
  const span: [number, number] = [rows[0]?.start ?? 0, (rows.at(-1)?.start ?? 0) + bucketMs];
  return {
    chart: bucket === 'hour' ? 'energyByHour' : 'energyByDay',
    values: rows.map((r) => ({
      ...r,
      tip: { [m.from]: r.label, kWh: text.fixed(r.kwh, 2), [m.energy.dayTotal]: text.fixed(r.dayKwh, 1) },
    })),
    signals: { ...timeAxisSignals(span, fmt), accent: theme.accent, danger: theme.danger, peakStart: peak?.start ?? null },
  };
}
