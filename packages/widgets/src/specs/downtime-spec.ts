import type { TopLevelSpec } from 'vega-lite';
import { hours } from '../internal/format.js';
import type { ChartTheme } from '../internal/theme.js';
import { type ChartInput, signals, TABLE } from './chart-input.js';
import { STATES, type StateName, stateColor, stateSignals } from './states.js';

/** Downtime of one cause in one state, over the range (metrics.md §12). */
export interface DowntimeRow {
  /** What the bar is labelled: the category ("no alarm" when none was open), or the alarm's code and description. */
  cause: string;
  /** The category to drill into; null when no alarm was open. */
  category: string | null;
  state: StateName;
  seconds: number;
}

/** Hours of downtime per cause, largest first (a Pareto), each bar split by state. */
export function downtimeChart(): TopLevelSpec {
  return {
    width: 'container',
    height: 60,
    data: { name: TABLE },
    params: signals('states', 'stateColors'),
    mark: { type: 'bar', tooltip: true, cursor: 'pointer' },
    encoding: {
      y: { field: 'cause', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 220 } },
      x: { field: 'hours', type: 'quantitative', stack: 'zero', title: 'hours' },
      color: stateColor,
      order: { field: 'order' },
      tooltip: [{ field: 'cause' }, { field: 'state' }, { field: 'duration', title: 'time' }, { field: 'share', title: 'of downtime' }],
    },
  };
}

export function downtimeSpec(rows: readonly DowntimeRow[], theme: ChartTheme): ChartInput {
  const total = rows.reduce((s, r) => s + r.seconds, 0);
  const causes = new Set(rows.map((r) => r.cause));
  return {
    chart: 'downtime',
    values: rows.map((r) => ({
      ...r,
      hours: r.seconds / 3600,
      order: STATES.indexOf(r.state),
      duration: hours(r.seconds),
      share: total > 0 ? `${((100 * r.seconds) / total).toFixed(1)} %` : '',
    })),
    height: Math.max(60, causes.size * 26),
    signals: stateSignals(
      rows.map((r) => r.state),
      theme,
    ),
  };
}
