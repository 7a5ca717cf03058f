import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { TimeFormat } from '../internal/time-format.js';
import { type ChartInput, signals, TABLE } from './chart-input.js';
import { STATES, type StateName, stateColor, stateSignals } from './states.js';
import { TIME_AXIS_SIGNALS, timeAxis, timeAxisSignals } from './time-axis.js';

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

/** A Gantt of states, the x axis limited to the window [windowStart, windowEnd] (wall-clock ms). */
export function timelineChart(): TopLevelSpec {
  return {
    width: 'container',
    height: 120,
    data: { name: TABLE },
    params: [
      ...signals(...TIME_AXIS_SIGNALS, 'windowStart', 'windowEnd', 'states', 'stateColors'),
      { name: BRUSH, select: { type: 'interval', encodings: ['x'] } },
    ],
    mark: { type: 'bar', clip: true, tooltip: true },
    encoding: {
      x: {
        field: 'start',
        type: 'temporal',
        axis: timeAxis,
        scale: { type: 'utc', domainMin: { expr: 'windowStart' }, domainMax: { expr: 'windowEnd' } },
      },
      x2: { field: 'end' },
      y: { field: 'state', type: 'nominal', sort: [...STATES], title: null },
      color: { ...stateColor, legend: null },
      tooltip: [{ field: 'state' }, { field: 'from' }, { field: 'to' }, { field: 'duration' }],
    },
  };
}

export function timelineSpec(rows: TimelineRow[], window: [number, number], theme: ChartTheme, fmt: TimeFormat): ChartInput {
  return {
    chart: 'timeline',
    values: rows,
    signals: {
      ...timeAxisSignals(window, fmt),
      windowStart: window[0],
      windowEnd: window[1],
      ...stateSignals(
        rows.map((r) => r.state),
        theme,
      ),
    },
  };
}
