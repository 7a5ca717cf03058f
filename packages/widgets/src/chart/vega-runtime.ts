// The only module that imports vega: loaded on the first chart, so a page that
// embeds elements pays for it only when one draws. It holds vega's parser, view
// and the transforms vega-lite's output uses, not the whole of vega (no geo,
// hierarchy, force, label or word-cloud transforms, no vega-lite compiler).
import type { Config, Spec, ViewOptions } from 'vega-typings';
import { transforms } from 'vega-dataflow';
import { axisticks, datajoin, encode, legendentries, scale, sortitems, stack } from 'vega-encode';
import { expressionInterpreter } from 'vega-interpreter';
import { parse } from 'vega-parser';
import {
  aggregate,
  bin,
  collect,
  compare,
  expression,
  extent,
  facet,
  field,
  filter,
  formula,
  impute,
  joinaggregate,
  key,
  multiextent,
  multivalues,
  params,
  prefacet,
  project,
  proxy,
  relay,
  sieve,
  subflow,
  timeunit,
  tupleindex,
  values,
  window,
} from 'vega-transforms';
import { View } from 'vega-view';
import { bound, identifier, mark, overlap, render, viewlayout } from 'vega-view-transforms';
import charts from '../generated/charts.json' with { type: 'json' };
import { type ChartInput, TABLE } from '../specs/chart-input.js';

// The operators vega builds for vega-lite's output (the parser's own and the
// transforms the specs use), and the few more a new spec most likely needs.
Object.assign(transforms, {
  aggregate,
  bin,
  collect,
  compare,
  expression,
  extent,
  facet,
  field,
  filter,
  formula,
  impute,
  joinaggregate,
  key,
  multiextent,
  multivalues,
  params,
  prefacet,
  project,
  proxy,
  relay,
  sieve,
  subflow,
  timeunit,
  tupleindex,
  values,
  window,
  axisticks,
  datajoin,
  encode,
  legendentries,
  scale,
  sortitems,
  stack,
  bound,
  identifier,
  mark,
  overlap,
  render,
  viewlayout,
});

const compiled = charts as unknown as Record<string, Spec>;

export type TooltipHandler = (event: MouseEvent, value: unknown) => void;

export interface DrawOptions {
  tooltip: TooltipHandler;
  /** Called with the datum of a clicked mark. */
  onClick?: (datum: Record<string, unknown>) => void;
  /** Called after a drag with the x range of the interval selection named `name`. */
  onInterval?: { name: string; handler: (range: [number, number]) => void };
  description: string;
  timeLocale?: Record<string, unknown>;
  numberLocale?: Record<string, unknown>;
  /** vega config: the theme's colours and fonts. */
  config?: Config;
}

/** The compiled spec of `input.chart` with its rows and signal values filled in. */
export function chartSpec(input: ChartInput): Spec {
  const base = compiled[input.chart];
  if (!base) throw new Error(`no chart named ${input.chart}`);
  const open = new Set(Object.keys(input.signals));
  const signals = (base.signals ?? []).map((s) => {
    if (!open.delete(s.name)) return s;
    return { ...s, value: input.signals[s.name] } as typeof s;
  });
  if (open.size > 0) throw new Error(`chart ${input.chart} has no signal ${[...open].join(', ')}`);
  const data = (base.data ?? []).map((d) => (d.name === TABLE ? { name: TABLE, values: input.values as object[] } : d));
  return { ...base, signals, data, ...(input.height === undefined ? {} : { height: input.height }) };
}

/**
 * A vega view of a chart whose expressions are parsed to ASTs and run by vega's
 * interpreter instead of being compiled with `new Function`, so charts draw under
 * a portal's CSP without 'unsafe-eval'.
 */
export function cspSafeView(
  input: ChartInput,
  options: ViewOptions = {},
  locales: { time?: Record<string, unknown>; number?: Record<string, unknown> } = {},
  config?: Config,
): View {
  // vega reads { number, time } locale definitions here; its typings name the formatters it makes of them.
  const locale = locales.time || locales.number ? (locales as unknown as ViewOptions['locale']) : undefined;
  return new View(parse(chartSpec(input), config, { ast: true }), { ...options, locale, expr: expressionInterpreter });
}

/** Draws a chart as SVG into `container`. */
export async function drawChart(container: HTMLElement, input: ChartInput, options: DrawOptions): Promise<View> {
  const view = cspSafeView(
    input,
    {
      renderer: 'svg',
      container,
      hover: true,
      // vega's own tooltip handler appends to document.body; ours stays in the shadow root.
      tooltip: (_handler: unknown, event: MouseEvent, _item: unknown, value: unknown) => options.tooltip(event, value),
    },
    { time: options.timeLocale, number: options.numberLocale },
    options.config,
  );
  view.description(options.description);
  if (options.onClick) {
    const onClick = options.onClick;
    view.addEventListener('click', (_event, item) => {
      const datum = (item as { datum?: Record<string, unknown> } | null)?.datum;
      if (datum) onClick(datum);
    });
  }
  if (options.onInterval) {
    const { name, handler } = options.onInterval;
    view.addEventListener('mouseup', () => {
      const store = view.signal(name) as Record<string, unknown[]> | null;
      const range = store && Object.values(store)[0];
      if (range && range.length === 2) handler([Number(range[0]), Number(range[1])]);
    });
  }
  await view.runAsync();
  // The state legend's columns follow the width, which the first run fits to the
  // container: a second layout sizes the view to the legend's rows, which the
  // first would clip at a phone's width.
  await view.resize().runAsync();
  return view;
}
