import type { MachineState } from '@spindle/core';
import type { RangeEnum } from 'vega-typings';
import type { Text } from '../i18n/text.js';
import type { ChartTheme } from '../internal/theme.js';
import { slot } from './chart-input.js';

/** metrics.md §4 and §11's states, in the order charts stack and list them. */
export const STATES = ['Running', 'Idle', 'Standby', 'Emergency', 'Offline'] as const;
export type StateName = (typeof STATES)[number];

const NAMES = {
  RUNNING: 'Running',
  IDLE: 'Idle',
  STANDBY: 'Standby',
  EMERGENCY: 'Emergency',
  OFFLINE: 'Offline',
} as const satisfies Record<MachineState, StateName>;

export function stateName(state: MachineState): StateName {
  return NAMES[state];
}

/**
 * Colour by state: the field `stateLabel` (the state's name in the reader's
 * language), the domain the signal `states` (those names of the states present,
 * in STATES order, so a machine without conditions lists no standby or
 * emergency) and the range `stateColors` (see stateSignals).
 */
export const stateColor = {
  field: 'stateLabel',
  type: 'nominal' as const,
  title: null,
  scale: { domain: { expr: 'states' }, range: slot<RangeEnum>('stateColors') },
  // As many columns as fit: a narrow card wraps the legend instead of drawing past its edge.
  legend: { orient: 'bottom' as const, direction: 'horizontal' as const, columns: { expr: 'max(1, floor(width / legendItem))' } },
};

/** The theme's colour of a state. */
export function stateColorOf(state: StateName, theme: ChartTheme): string {
  return { Running: theme.running, Idle: theme.idle, Standby: theme.standby, Emergency: theme.emergency, Offline: theme.offline }[state];
}

/** The signals stateColor reads. */
export const STATE_SIGNALS = ['states', 'stateColors', 'legendItem'] as const;

/**
 * The values of STATE_SIGNALS for the states that occur in `present`;
 * `legendItem` is the width of one legend entry, its longest name's.
 */
export function stateSignals(present: Iterable<StateName>, theme: ChartTheme, text: Text) {
  const seen = new Set(present);
  const states = STATES.filter((s) => seen.has(s)).map((s) => text.state(s));
  return {
    states,
    stateColors: STATES.filter((s) => seen.has(s)).map((s) => stateColorOf(s, theme)),
    legendItem: Math.max(0, ...states.map((s) => s.length)) * 7 + 30,
  };
}
