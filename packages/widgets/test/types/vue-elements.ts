// Compiled by `npm run typecheck`: the Vue typings the package ships
// (@spindle/widgets/vue) give every element its props and event handlers.
import type {} from '@spindle/widgets/vue';
import type { GlobalComponents } from 'vue';

type Props<Tag extends keyof GlobalComponents> = InstanceType<GlobalComponents[Tag]>['$props'];

export const fleet: Props<'spindle-fleet'> = { apiUrl: '/spindle', selected: '2207', onSpindleSelect: (e) => e.detail.machine };
export const utilization: Props<'spindle-utilization'> = { machine: '2207', by: 'shift', staleAfter: 600 };
export const board: Props<'spindle-status-board'> = { machines: '2207', onSpindleSelect: (e) => e.detail.machine };
export const tags: (keyof GlobalComponents)[] = [
  'spindle-alerts',
  'spindle-dashboard',
  'spindle-downtime',
  'spindle-energy',
  'spindle-fleet',
  'spindle-programs',
  'spindle-sensor-stats',
  'spindle-state-timeline',
  'spindle-status-board',
  'spindle-utilization',
];
// @ts-expect-error `by` is `day` or `shift`
export const wrong: Props<'spindle-utilization'> = { by: 'week' };
