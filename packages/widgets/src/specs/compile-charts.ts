// Build time only: the elements draw the vega this writes, so pages never load vega-lite.
import { compile, type TopLevelSpec } from 'vega-lite';
import { CHARTS } from './charts.js';

const SLOT = /^\{\{(\w+)\}\}$/;

/**
 * Static settings of every chart; the theme's colours and fonts come as vega
 * config at run time. No ARIA description per mark (axes keep theirs): the
 * chart's container is an image labelled with the summary, and the element's
 * table gives the numbers.
 */
const CONFIG = { background: 'transparent', view: { stroke: null }, mark: { aria: false } } as const;

function fillSlots(value: unknown): unknown {
  if (typeof value === 'string') {
    const slot = SLOT.exec(value);
    return slot ? { signal: slot[1] } : value;
  }
  if (Array.isArray(value)) return value.map(fillSlots);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillSlots(v)]));
  return value;
}

/** One vega-lite spec as vega, its slots turned into signal references. */
export function compileChart(spec: TopLevelSpec): Record<string, unknown> {
  const { $schema: _schema, ...vega } = compile({ ...spec, config: CONFIG } as TopLevelSpec).spec;
  return fillSlots(vega) as Record<string, unknown>;
}

/** Every chart of CHARTS as vega, by name: the content of src/generated/charts.json. */
export function compileCharts(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.keys(CHARTS)
      .sort()
      .map((name) => [name, compileChart(CHARTS[name]!)]),
  );
}
