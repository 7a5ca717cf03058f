// Compiled by `npm run typecheck`: the Svelte typings the package ships
// (@spindle/widgets/svelte) give every element its attributes and event handlers.
import type {} from '@spindle/widgets/svelte';
import type { SvelteHTMLElements } from 'svelte/elements';

export const fleet: SvelteHTMLElements['spindle-fleet'] = {
  'api-url': '/spindle',
  selected: '2207',
  'onspindle-select': (e) => e.detail.machine,
};
export const energy: SvelteHTMLElements['spindle-energy'] = { machine: '2207', bucket: 'day', class: 'wide' };
// Each element has its own typing, not the `any` Svelte gives an unknown tag.
type IsAny<T> = 0 extends 1 & T ? true : false;
type Tag =
  | 'spindle-alerts'
  | 'spindle-dashboard'
  | 'spindle-downtime'
  | 'spindle-energy'
  | 'spindle-fleet'
  | 'spindle-programs'
  | 'spindle-sensor-stats'
  | 'spindle-state-timeline'
  | 'spindle-status-board'
  | 'spindle-utilization';
export const typed: { [T in Tag]: IsAny<SvelteHTMLElements[T]> } = {
  'spindle-alerts': false,
  'spindle-dashboard': false,
  'spindle-downtime': false,
  'spindle-energy': false,
  'spindle-fleet': false,
  'spindle-programs': false,
  'spindle-sensor-stats': false,
  'spindle-state-timeline': false,
  'spindle-status-board': false,
  'spindle-utilization': false,
};
// @ts-expect-error `bucket` is `hour` or `day`
export const wrong: SvelteHTMLElements['spindle-energy'] = { bucket: 'week' };
