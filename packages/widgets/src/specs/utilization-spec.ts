import type { FleetUtilization, Utilization } from '@spindle/sdk';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartTheme } from '../internal/theme.js';
import { hours } from '../internal/format.js';
import type { TimeFormat } from '../internal/time-format.js';
import { type ChartInput, signals, TABLE } from './chart-input.js';
import { STATES, type StateName, stateColor, stateSignals } from './states.js';

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

/** "78 %", or "–" when nothing was planned (metrics.md §13). */
export function availabilityText(availability: number | null): string {
  return availability === null ? '–' : `${Math.round(availability * 100)} %`;
}

/** One row per bar segment: the long form vega-lite stacks. */
function segments<R extends Durations>(items: R[], label: (r: R) => string, extra: (r: R) => Record<string, unknown> = () => ({})) {
  const states = presentStates(items);
  return items.flatMap((r) =>
    states.map((state) => {
      const seconds = secondsIn(r, state);
      const order = STATES.indexOf(state);
      return {
        label: label(r),
        state,
        order,
        hours: seconds / 3600,
        share: r.coveredSeconds > 0 ? seconds / r.coveredSeconds : 0,
        duration: hours(seconds),
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
    params: signals('states', 'stateColors', 'labelAngle'),
    mark: { type: 'bar', tooltip: true },
    encoding: {
      x: { field: 'label', type: 'ordinal', sort: null, title: null, axis: { labelAngle: { expr: 'labelAngle' } } },
      y: { field: 'hours', type: 'quantitative', stack: 'zero', title: 'hours' },
      color: stateColor,
      order: { field: 'order' },
      opacity: { condition: { test: 'datum.partial', value: 0.5 }, value: 1 },
      // Empty values (no shift, a full day's note) are left out of the tooltip.
      tooltip: [
        { field: 'day' },
        { field: 'shift' },
        { field: 'state' },
        { field: 'duration', title: 'time' },
        { field: 'availability' },
        { field: 'note', title: ' ' },
      ],
    },
  };
}

export function utilizationSpec(items: Utilization[], theme: ChartTheme, fmt: TimeFormat): ChartInput {
  const note = (u: Utilization) => (isPartial(u) ? `partial day: ${hours(u.coveredSeconds)} covered so far` : '');
  return {
    chart: 'utilization',
    values: segments(
      items,
      (u) => utilizationLabel(u, fmt),
      (u) => ({
        day: fmt.dayShort(u.day),
        shift: u.shift ?? '',
        partial: isPartial(u),
        note: note(u),
        availability: u.availability === null ? '' : availabilityText(u.availability),
      }),
    ),
    signals: { ...stateSignals(presentStates(items), theme), labelAngle: items.length > 10 ? -45 : 0 },
  };
}

/** Machines side by side, each bar the shares of its covered time; the others dimmed when one is `selected`. */
export function fleetChart(): TopLevelSpec {
  return {
    width: 'container',
    height: 80,
    data: { name: TABLE },
    params: signals('states', 'stateColors', 'selected'),
    mark: { type: 'bar', tooltip: true, cursor: 'pointer' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'share', type: 'quantitative', stack: 'zero', title: null, axis: { format: '.0%' }, scale: { domain: [0, 1] } },
      color: stateColor,
      order: { field: 'order' },
      opacity: { condition: { test: 'selected === null || datum.machineId === selected', value: 1 }, value: 0.45 },
      tooltip: [
        { field: 'label', title: 'machine' },
        { field: 'state' },
        { field: 'share', format: '.1%' },
        { field: 'duration', title: 'time' },
        { field: 'availability' },
      ],
    },
  };
}

export function fleetSpec(
  items: FleetUtilization[],
  names: Map<string, string>,
  selected: string | undefined,
  theme: ChartTheme,
): ChartInput {
  return {
    chart: 'fleet',
    values: segments(
      items,
      (r) => names.get(r.machineId) ?? r.machineId,
      (r) => ({ machineId: r.machineId, availability: availabilityText(r.availability) }),
    ),
    height: Math.max(80, items.length * 34),
    signals: { ...stateSignals(presentStates(items), theme), selected: selected ?? null },
  };
}
