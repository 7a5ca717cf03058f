import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { Text } from '../i18n/text.js';
import type { TimeFormat } from '../internal/time-format.js';
import { type ChartInput, signals, slot, TABLE, TIP } from './chart-input.js';
import { TIME_AXIS_SIGNALS, timeAxis, timeAxisSignals } from './time-axis.js';

/** One bucket of a sensor on the machine's wall clock. */
export interface SensorRow {
  start: number;
  label: string;
  min: number;
  avg: number;
  max: number;
  count: number;
}

type GapRow = { start: number; min: null; avg: null; max: null };

/** Up to this many buckets, each average is drawn as a point on the line too. */
const POINTS_UP_TO = 60;

/**
 * The rows with an empty one after each bucket that the next does not follow
 * (the machine was offline, no values): lines and bands break there instead of
 * being drawn straight across the gap.
 */
export function breakAtGaps(rows: readonly SensorRow[], bucketMs: number): (SensorRow | GapRow)[] {
  return rows.flatMap((r, i) => {
    const next = rows[i + 1];
    return next && next.start - r.start > bucketMs ? [r, { start: r.start + bucketMs, min: null, avg: null, max: null }] : [r];
  });
}

/** The min–max band with the average line through it; `points` marks each average. */
export function sensorChart(points: boolean): TopLevelSpec {
  return {
    width: 'container',
    height: 200,
    data: { name: TABLE },
    params: signals(...TIME_AXIS_SIGNALS, 'accent', 'yTitle'),
    encoding: { x: { field: 'start', type: 'temporal', axis: timeAxis, scale: { type: 'utc' } } },
    layer: [
      {
        mark: { type: 'area', opacity: 0.25, color: { expr: 'accent' } },
        encoding: {
          y: { field: 'min', type: 'quantitative', axis: { title: slot('yTitle') }, scale: { zero: false } },
          y2: { field: 'max' },
        },
      },
      {
        mark: {
          type: 'line',
          color: { expr: 'accent' },
          strokeWidth: 1.5,
          point: points ? { size: 16, color: { expr: 'accent' } } : false,
        },
        encoding: { y: { field: 'avg', type: 'quantitative' } },
      },
      {
        // An invisible rule per bucket carries the tooltip of the whole band.
        mark: { type: 'rule', opacity: 0, strokeWidth: 8, tooltip: TIP, invalid: 'filter' },
        encoding: {
          y: { field: 'min', type: 'quantitative' },
          y2: { field: 'max' },
        },
      },
    ],
  };
}

export function sensorSpec(
  rows: SensorRow[],
  title: string,
  theme: ChartTheme,
  fmt: TimeFormat,
  bucketMs: number,
  text: Text,
  unit: string,
): ChartInput {
  const { m } = text;
  const span: [number, number] = [rows[0]?.start ?? 0, (rows.at(-1)?.start ?? 0) + bucketMs];
  const tip = (r: SensorRow) => ({
    [m.from]: r.label,
    [m.sensor.min(unit)]: text.decimal(r.min),
    [m.sensor.avg(unit)]: text.decimal(r.avg),
    [m.sensor.max(unit)]: text.decimal(r.max),
    [m.sensor.values]: r.count,
  });
  return {
    chart: rows.length < POINTS_UP_TO ? 'sensorPoints' : 'sensor',
    values: breakAtGaps(rows, bucketMs).map((r) => ('label' in r ? { ...r, tip: tip(r) } : r)),
    signals: { ...timeAxisSignals(span, fmt), accent: theme.accent, yTitle: title },
  };
}
