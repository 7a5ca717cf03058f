import type { TopLevelSpec } from 'vega-lite';
import type { Text } from '../i18n/text.js';
import type { ChartTheme } from '../internal/theme.js';
import { type ChartInput, signals, slot, TABLE, TIP } from './chart-input.js';
import { STATE_SIGNALS, STATES, type StateName, stateColor, stateSignals } from './states.js';

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
    params: signals(...STATE_SIGNALS, 'xTitle'),
    mark: { type: 'bar', tooltip: TIP, cursor: 'pointer' },
    encoding: {
      y: { field: 'cause', type: 'nominal', sort: '-x', title: null, axis: { labelLimit: 220 } },
      x: { field: 'hours', type: 'quantitative', stack: 'zero', title: slot('xTitle') },
      color: stateColor,
      order: { field: 'order' },
    },
  };
}

export function downtimeSpec(rows: readonly DowntimeRow[], theme: ChartTheme, text: Text): ChartInput {
  const { m } = text;
  const total = rows.reduce((s, r) => s + r.seconds, 0);
  const causes = new Set(rows.map((r) => r.cause));
  return {
    chart: 'downtime',
    values: rows.map((r) => ({
      ...r,
      stateLabel: text.state(r.state),
      hours: r.seconds / 3600,
      order: STATES.indexOf(r.state),
      tip: {
        [m.downtime.cause]: r.cause,
        [m.state]: text.state(r.state),
        [m.time]: text.hours(r.seconds),
        [m.downtime.ofDowntime]: total > 0 ? text.shareExact(r.seconds / total) : '',
      },
    })),
    height: Math.max(60, causes.size * 26),
    signals: {
      ...stateSignals(
        rows.map((r) => r.state),
        theme,
        text,
      ),
      xTitle: m.hours,
    },
  };
}
