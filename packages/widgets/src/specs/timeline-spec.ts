import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { Text } from '../i18n/text.js';
import type { TimeFormat } from '../internal/time-format.js';
import { type ChartInput, signals, TABLE, TIP } from './chart-input.js';
import { STATE_SIGNALS, type StateName, stateColor, stateSignals } from './states.js';
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
      ...signals(...TIME_AXIS_SIGNALS, 'windowStart', 'windowEnd', ...STATE_SIGNALS),
      { name: BRUSH, select: { type: 'interval', encodings: ['x'] } },
    ],
    mark: { type: 'bar', clip: true, tooltip: TIP },
    encoding: {
      x: {
        field: 'start',
        type: 'temporal',
        axis: timeAxis,
        scale: { type: 'utc', domainMin: { expr: 'windowStart' }, domainMax: { expr: 'windowEnd' } },
      },
      x2: { field: 'end' },
      y: { field: 'stateLabel', type: 'nominal', title: null, scale: { domain: { expr: 'states' } } },
      color: { ...stateColor, legend: null },
    },
  };
}

export function timelineSpec(rows: TimelineRow[], window: [number, number], theme: ChartTheme, fmt: TimeFormat, text: Text): ChartInput {
  const { m } = text;
  return {
    chart: 'timeline',
    values: rows.map((r) => ({
      ...r,
      stateLabel: text.state(r.state),
      tip: { [m.state]: text.state(r.state), [m.from]: r.from, [m.to]: r.to, [m.duration]: r.duration },
    })),
    signals: {
      ...timeAxisSignals(window, fmt),
      windowStart: window[0],
      windowEnd: window[1],
      ...stateSignals(
        rows.map((r) => r.state),
        theme,
        text,
      ),
    },
  };
}
