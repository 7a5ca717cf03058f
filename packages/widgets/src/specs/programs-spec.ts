import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { Text } from '../i18n/text.js';
import { type ChartInput, signals, slot, TABLE, TIP } from './chart-input.js';

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
    params: signals('accent', 'muted', 'maxHours', 'labelRoom', 'xTitle'),
    encoding: {
      y: { field: 'program', type: 'nominal', sort: null, title: null },
      // Room on the right for the energy written after the longest bar: labelRoom pixels, whatever the width.
      x: {
        field: 'hours',
        type: 'quantitative',
        title: slot('xTitle'),
        scale: { domainMax: { expr: 'maxHours * width / max(width - labelRoom, 1)' } },
      },
    },
    layer: [
      {
        mark: { type: 'bar', color: { expr: 'accent' }, tooltip: TIP },
      },
      { mark: { type: 'text', align: 'left', dx: 4, color: { expr: 'muted' } }, encoding: { text: { field: 'energy' } } },
    ],
  };
}

export function programsSpec(rows: ProgramRow[], theme: ChartTheme, text: Text): ChartInput {
  const { programs } = text.m;
  return {
    chart: 'programs',
    values: rows.map((r) => ({
      ...r,
      tip: { [programs.program]: r.program, [programs.running]: r.duration, [programs.energy]: r.energy },
    })),
    height: Math.max(60, rows.length * 24),
    signals: {
      accent: theme.accent,
      muted: theme.muted,
      maxHours: Math.max(...rows.map((r) => r.hours)),
      // The longest energy label at the axis font (about 7 px a character), and the gap before it.
      labelRoom: Math.max(...rows.map((r) => r.energy.length)) * 7 + 8,
      xTitle: programs.runningHours,
    },
  };
}
