import type { ChartTheme } from '../internal/theme.js';

/** metrics.md §4's three states, in the order charts stack and list them. */
export const STATES = ['Running', 'Idle', 'Offline'] as const;
export type StateName = (typeof STATES)[number];

export function stateName(state: 'RUNNING' | 'IDLE' | 'OFFLINE'): StateName {
  return state === 'RUNNING' ? 'Running' : state === 'IDLE' ? 'Idle' : 'Offline';
}

export function stateColor(theme: ChartTheme) {
  return {
    field: 'state',
    type: 'nominal' as const,
    title: null,
    scale: { domain: [...STATES], range: [theme.running, theme.idle, theme.offline] },
    legend: { orient: 'bottom' as const, direction: 'horizontal' as const },
  };
}
