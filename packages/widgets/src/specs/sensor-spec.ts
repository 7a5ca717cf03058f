import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { TimeFormat } from '../internal/time-format.js';
import { timeAxis } from './time-axis.js';

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

/** The min–max band with the average line through it. */
export function sensorSpec(rows: SensorRow[], title: string, theme: ChartTheme, fmt: TimeFormat, bucketMs: number): TopLevelSpec {
  const span: [number, number] = [rows[0]?.start ?? 0, (rows.at(-1)?.start ?? 0) + bucketMs];
  const x = { field: 'start', type: 'temporal' as const, axis: timeAxis(span, fmt), scale: { type: 'utc' as const } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 200,
    data: { values: breakAtGaps(rows, bucketMs) },
    encoding: { x },
    layer: [
      {
        mark: { type: 'area', opacity: 0.25, color: theme.accent },
        encoding: {
          y: { field: 'min', type: 'quantitative', title, scale: { zero: false } },
          y2: { field: 'max' },
        },
      },
      {
        mark: { type: 'line', color: theme.accent, strokeWidth: 1.5, point: rows.length < 60 ? { size: 16, color: theme.accent } : false },
        encoding: { y: { field: 'avg', type: 'quantitative' } },
      },
      {
        // An invisible rule per bucket carries the tooltip of the whole band.
        mark: { type: 'rule', opacity: 0, strokeWidth: 8, tooltip: true, invalid: 'filter' },
        encoding: {
          y: { field: 'min', type: 'quantitative' },
          y2: { field: 'max' },
          tooltip: [
            { field: 'label', title: 'from' },
            { field: 'min' },
            { field: 'avg' },
            { field: 'max' },
            { field: 'count', title: 'values' },
          ],
        },
      },
    ],
  };
}
