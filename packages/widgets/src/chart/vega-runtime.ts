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
import { vegaLocale } from './vega-locale.js';

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

export interface DrawOptions {
  /** Where tooltips are shown, inside the element's shadow root. */
  tooltip: HTMLElement;
  /** Called with the datum of a clicked mark. */
  onClick?: (datum: Record<string, unknown>) => void;
  /** Called after a drag with the x range of the interval selection named `name`. */
  onInterval?: { name: string; handler: (range: [number, number]) => void };
  description: string;
  /** A BCP 47 tag Intl supports: month and weekday names, the decimal separator. */
  locale?: string;
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
export function cspSafeView(input: ChartInput, options: ViewOptions = {}, locale?: string, config?: Config): View {
  // vega reads { number, time } locale definitions here; its typings name the formatters it makes of them.
  const definitions = locale ? (vegaLocale(locale) as unknown as ViewOptions['locale']) : undefined;
  return new View(parse(chartSpec(input), config, { ast: true }), { ...options, locale: definitions, expr: expressionInterpreter });
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
      tooltip: (_handler: unknown, event: MouseEvent, _item: unknown, value: unknown) => showTooltip(options.tooltip, event, value),
    },
    options.locale,
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

/** vega tooltip values are a string or a field → value object; rendered as text lines, never HTML, empty values left out. */
function showTooltip(tip: HTMLElement, event: MouseEvent, value: unknown): void {
  if (value === null || value === undefined || value === '') {
    tip.hidden = true;
    return;
  }
  const lines =
    typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>)
          .filter(([, v]) => v !== '' && v !== null && v !== undefined)
          .map(([k, v]) => `${k}: ${String(v)}`)
      : [String(value)];
  tip.replaceChildren(
    ...lines.map((line) => {
      const div = document.createElement('div');
      div.textContent = line;
      return div;
    }),
  );
  const box = (tip.parentElement ?? tip).getBoundingClientRect();
  tip.style.left = `${Math.min(event.clientX - box.left + 12, Math.max(0, box.width - 160))}px`;
  tip.style.top = `${event.clientY - box.top + 12}px`;
  tip.hidden = false;
}
