import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { TimeFormat } from '../internal/time-format.js';
import { STATES, stateColor, type StateName } from './states.js';
import { timeAxis } from './time-axis.js';

/** A state interval on the machine's wall clock (see wallClock). */
export interface TimelineRow {
  start: number;
  end: number;
  state: StateName;
  from: string;
  to: string;
  duration: string;
  seconds: number;
}

/** The interval selection a drag draws: the element zooms to it. */
export const BRUSH = 'brush';

/** A Gantt of states, the x axis limited to `window` (wall-clock ms). */
export function timelineSpec(rows: TimelineRow[], window: [number, number], theme: ChartTheme, fmt: TimeFormat): TopLevelSpec {
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 'container',
    height: 120,
    data: { values: rows },
    params: [{ name: BRUSH, select: { type: 'interval', encodings: ['x'] } }],
    mark: { type: 'bar', clip: true, tooltip: true },
    encoding: {
      // Expressions, not numbers: vega-lite turns a number into datetime(ms), which
      // vega's CSP-safe interpreter reads as datetime(year).
      x: {
        field: 'start',
        type: 'temporal',
        axis: timeAxis(window, fmt),
        scale: { type: 'utc', domainMin: { expr: String(window[0]) }, domainMax: { expr: String(window[1]) } },
      },
      x2: { field: 'end' },
      y: { field: 'state', type: 'nominal', sort: [...STATES], title: null },
      color: { ...stateColor(theme), legend: null },
      tooltip: [{ field: 'state' }, { field: 'from' }, { field: 'to' }, { field: 'duration' }],
    },
  };
}
