/** The data set every chart draws: its rows are given at run time. */
export const TABLE = 'table';

/**
 * A chart as an element asks for it: the name of a spec compiled from vega-lite
 * to vega at build time (see charts.ts), its rows, and the values of the signals
 * that spec leaves open (colours, axis ticks, titles, selections).
 */
export interface ChartInput {
  chart: string;
  values: readonly object[];
  signals: Record<string, unknown>;
  /** Pixels; unset keeps the spec's own height. */
  height?: number;
}

/**
 * Where vega-lite takes no expression (an axis title, a scale range), a spec
 * writes `slot(name)`; compiling turns it into vega's `{ signal: name }`. Typed
 * as whatever vega-lite expects in that place, which vega then reads from the signal.
 */
export function slot<T = string>(name: string): T {
  return `{{${name}}}` as T;
}

/** The open signals of a spec, declared as vega-lite parameters; their values come with each ChartInput. */
export function signals(...names: string[]): { name: string; value: null }[] {
  return names.map((name) => ({ name, value: null }));
}

/**
 * Every chart's tooltip: the row's `tip`, label → text in the reader's language.
 * Written per row at run time, since vega-lite fixes a tooltip's titles at build
 * time; empty values are left out when shown.
 */
export const TIP = { expr: 'datum.tip' };
export type Tip = Record<string, string | number>;
