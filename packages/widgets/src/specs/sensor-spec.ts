import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';

/** One bucket of a sensor on the machine's wall clock. */
export interface SensorRow {
  start: number;
  label: string;
  min: number;
  avg: number;
  max: number;
  count: number;
}

/** The min–max band with the average line through it. */
export function sensorSpec(rows: SensorRow[], title: string, theme: ChartTheme): TopLevelSpec {
  const x = { field: 'start', type: 'temporal' as const, title: null, scale: { type: 'utc' as const } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 200,
    data: { values: rows },
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
        mark: { type: 'rule', opacity: 0, strokeWidth: 8, tooltip: true },
        encoding: {
          y: { field: 'min', type: 'quantitative' },
          y2: { field: 'max' },
          tooltip: [{ field: 'label', title: 'from' }, { field: 'min' }, { field: 'avg' }, { field: 'max' }, { field: 'count', title: 'values' }],
        },
      },
    ],
  };
}
