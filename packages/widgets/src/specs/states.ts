import type { RangeEnum } from 'vega-typings';
import type { ChartTheme } from '../internal/theme.js';
import { slot } from './chart-input.js';

/** metrics.md §4's three states, in the order charts stack and list them. */
export const STATES = ['Running', 'Idle', 'Offline'] as const;
export type StateName = (typeof STATES)[number];

export function stateName(state: 'RUNNING' | 'IDLE' | 'OFFLINE'): StateName {
  return state === 'RUNNING' ? 'Running' : state === 'IDLE' ? 'Idle' : 'Offline';
}

/** Colour by state, from the signal `stateColors` (see stateColors). */
export const stateColor = {
  field: 'state',
  type: 'nominal' as const,
  title: null,
  scale: { domain: [...STATES], range: slot<RangeEnum>('stateColors') },
  legend: { orient: 'bottom' as const, direction: 'horizontal' as const },
};

/** The theme's colour of each state, in STATES order. */
export function stateColors(theme: ChartTheme): string[] {
  return [theme.running, theme.idle, theme.offline];
}
