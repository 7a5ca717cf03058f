import type { FleetUtilization, Utilization } from '@spindle/sdk';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import type { Text } from '../i18n/text.js';
import type { TimeFormat } from '../internal/time-format.js';
import { type ChartInput, signals, slot, TABLE, TIP, type Tip } from './chart-input.js';
import { STATE_SIGNALS, STATES, type StateName, stateColor, stateSignals } from './states.js';

interface Durations {
  runningSeconds: number;
  idleSeconds: number;
  standbySeconds: number;
  emergencySeconds: number;
  offlineSeconds: number;
  coveredSeconds: number;
}

const FIELD = {
  Running: 'runningSeconds',
  Idle: 'idleSeconds',
  Standby: 'standbySeconds',
  Emergency: 'emergencySeconds',
  Offline: 'offlineSeconds',
} as const satisfies Record<StateName, keyof Durations>;

/** The seconds of `state` in a utilization row. */
export const secondsIn = (r: Durations, state: StateName) => r[FIELD[state]];

/** The states with any time in `items`, in STATES order: standby and emergency only where a machine logs them. */
export function presentStates(items: readonly Durations[]): StateName[] {
  return STATES.filter((s) => s === 'Running' || s === 'Idle' || s === 'Offline' || items.some((r) => secondsIn(r, s) > 0));
}

/** One row per bar segment: the long form vega-lite stacks; `tip` gets the segment's state, share and time. */
function segments<R extends Durations>(
  items: R[],
  text: Text,
  label: (r: R) => string,
  tip: (r: R, segment: { state: string; share: string; time: string }) => Tip,
  extra: (r: R) => Record<string, unknown> = () => ({}),
) {
  const states = presentStates(items);
  return items.flatMap((r) =>
    states.map((state) => {
      const seconds = secondsIn(r, state);
      const share = r.coveredSeconds > 0 ? seconds / r.coveredSeconds : 0;
      return {
        label: label(r),
        state,
        stateLabel: text.state(state),
        order: STATES.indexOf(state),
        hours: seconds / 3600,
        share,
        tip: tip(r, { state: text.state(state), share: text.shareExact(share), time: text.hours(seconds) }),
        ...extra(r),
      };
    }),
  );
}

export function utilizationLabel(u: Utilization, fmt: TimeFormat): string {
  return u.shift === null ? fmt.dayShort(u.day) : `${fmt.dayShort(u.day)} ${u.shift}`;
}

// The shortest full production day (the spring DST change): a day covered less is
// the first or the still-running last day of the history.
const SHORTEST_DAY = 23 * 3600;

/** Covered less than a whole day: drawn faded and said so, not read as a full one. */
export function isPartial(u: Utilization): boolean {
  return u.shift === null && u.coveredSeconds > 0 && u.coveredSeconds < SHORTEST_DAY;
}

/** Stacked hours per day (or per shift), one segment per state. */
export function utilizationChart(): TopLevelSpec {
  return {
    width: 'container',
    height: 220,
    data: { name: TABLE },
    params: signals(...STATE_SIGNALS, 'labelAngle', 'yTitle'),
    mark: { type: 'bar', tooltip: TIP },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: null, title: null, axis: { labelAngle: { expr: 'labelAngle' }, labelOverlap: 'greedy' } },
      y: { field: 'hours', type: 'quantitative', stack: 'zero', title: slot('yTitle') },
      color: stateColor,
      order: { field: 'order' },
      opacity: { condition: { test: 'datum.partial', value: 0.5 }, value: 1 },
    },
  };
}

export function utilizationSpec(items: Utilization[], theme: ChartTheme, fmt: TimeFormat, text: Text): ChartInput {
  const { m } = text;
  return {
    chart: 'utilization',
    values: segments(
      items,
      text,
      (u) => utilizationLabel(u, fmt),
      // Empty values (no shift, a full day's note) are left out of the tooltip.
      (u, s) => ({
        [m.day]: fmt.dayShort(u.day),
        [m.shift]: u.shift ?? '',
        [m.state]: s.state,
        [m.time]: s.time,
        [m.availability]: u.availability === null ? '' : text.share(u.availability),
        ' ': isPartial(u) ? m.utilization.partialNote(text.hours(u.coveredSeconds)) : '',
      }),
      (u) => ({ partial: isPartial(u) }),
    ),
    signals: { ...stateSignals(presentStates(items), theme, text), labelAngle: items.length > 10 ? -45 : 0, yTitle: m.hours },
  };
}

/** Machines side by side, each bar the shares of its covered time; the others dimmed when one is `selected`. */
export function fleetChart(): TopLevelSpec {
  return {
    width: 'container',
    height: 80,
    data: { name: TABLE },
    params: signals(...STATE_SIGNALS, 'selected'),
    mark: { type: 'bar', tooltip: TIP, cursor: 'pointer' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'share', type: 'quantitative', stack: 'zero', title: null, axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      color: stateColor,
      order: { field: 'order' },
      opacity: { condition: { test: 'selected === null || datum.machineId === selected', value: 1 }, value: 0.45 },
    },
  };
}

export function fleetSpec(
  items: FleetUtilization[],
  names: Map<string, string>,
  selected: string | undefined,
  theme: ChartTheme,
  text: Text,
): ChartInput {
  const { m } = text;
  const name = (r: FleetUtilization) => names.get(r.machineId) ?? r.machineId;
  return {
    chart: 'fleet',
    values: segments(
      items,
      text,
      name,
      (r, s) => ({
        [m.machine]: name(r),
        [m.state]: s.state,
        [m.share]: s.share,
        [m.time]: s.time,
        [m.availability]: text.share(r.availability),
      }),
      (r) => ({ machineId: r.machineId }),
    ),
    height: Math.max(80, items.length * 34),
    signals: { ...stateSignals(presentStates(items), theme, text), selected: selected ?? null },
  };
}
