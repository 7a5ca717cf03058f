import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';

/** One program's totals over the range. */
export interface ProgramRow {
  program: string;
  hours: number;
  kwh: number;
  duration: string;
  energy: string;
}

/** Running hours per program, longest first, energy written at the end of each bar. */
export function programsSpec(rows: ProgramRow[], theme: ChartTheme): TopLevelSpec {
  const y = { field: 'program', type: 'nominal' as const, sort: null, title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: Math.max(60, rows.length * 24),
    data: { values: rows },
    // Room on the right for the energy written after the longest bar.
    encoding: {
      y,
      x: {
        field: 'hours',
        type: 'quantitative',
        title: 'running hours',
        scale: { domainMax: Math.max(...rows.map((r) => r.hours)) * 1.15 },
      },
    },
    layer: [
      {
        mark: { type: 'bar', color: theme.accent, tooltip: true },
        encoding: { tooltip: [{ field: 'program' }, { field: 'duration', title: 'running' }, { field: 'energy' }] },
      },
      { mark: { type: 'text', align: 'left', dx: 4, color: theme.muted }, encoding: { text: { field: 'energy' } } },
    ],
  };
}
