import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import { type ChartInput, signals, TABLE } from './chart-input.js';

/** One program's totals over the range. */
export interface ProgramRow {
  program: string;
  hours: number;
  kwh: number;
  duration: string;
  energy: string;
}

/** Running hours per program, longest first, energy written at the end of each bar. */
export function programsChart(): TopLevelSpec {
  return {
    width: 'container',
    height: 60,
    data: { name: TABLE },
    params: signals('accent', 'muted', 'domainMax'),
    encoding: {
      y: { field: 'program', type: 'nominal', sort: null, title: null },
      // Room on the right for the energy written after the longest bar.
      x: { field: 'hours', type: 'quantitative', title: 'running hours', scale: { domainMax: { expr: 'domainMax' } } },
    },
    layer: [
      {
        mark: { type: 'bar', color: { expr: 'accent' }, tooltip: true },
        encoding: { tooltip: [{ field: 'program' }, { field: 'duration', title: 'running' }, { field: 'energy' }] },
      },
      { mark: { type: 'text', align: 'left', dx: 4, color: { expr: 'muted' } }, encoding: { text: { field: 'energy' } } },
    ],
  };
}

export function programsSpec(rows: ProgramRow[], theme: ChartTheme): ChartInput {
  return {
    chart: 'programs',
    values: rows,
    height: Math.max(60, rows.length * 24),
    signals: { accent: theme.accent, muted: theme.muted, domainMax: Math.max(...rows.map((r) => r.hours)) * 1.15 },
  };
}
