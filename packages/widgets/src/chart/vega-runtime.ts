// The only module that imports vega and vega-lite: loaded on the first chart, so
// a page that embeds elements pays for the chart libraries only when one draws.
import { parse, View, type ViewOptions } from 'vega';
import { expressionInterpreter } from 'vega-interpreter';
import { compile, type TopLevelSpec } from 'vega-lite';

export type TooltipHandler = (event: MouseEvent, value: unknown) => void;

export interface DrawOptions {
  tooltip: TooltipHandler;
  /** Called with the datum of a clicked mark. */
  onClick?: (datum: Record<string, unknown>) => void;
  /** Called after a drag with the x range of the interval selection named `name`. */
  onInterval?: { name: string; handler: (range: [number, number]) => void };
  description: string;
  timeLocale?: Record<string, unknown>;
}

/**
 * A vega view of a vega-lite spec whose expressions are parsed to ASTs and run by
 * vega's interpreter instead of being compiled with `new Function`, so charts
 * draw under a portal's CSP without 'unsafe-eval'.
 */
export function cspSafeView(spec: TopLevelSpec, options: ViewOptions = {}, timeLocale?: Record<string, unknown>): View {
  // vega reads { number, time } locale definitions here; its typings name the formatters it makes of them.
  const locale = timeLocale ? ({ time: timeLocale } as unknown as ViewOptions['locale']) : undefined;
  return new View(parse(compile(spec).spec, undefined, { ast: true }), { ...options, locale, expr: expressionInterpreter });
}

/** Compiles a vega-lite spec and draws it as SVG into `container`. */
export async function drawVegaLite(container: HTMLElement, spec: TopLevelSpec, options: DrawOptions): Promise<View> {
  const view = cspSafeView(
    spec,
    {
      renderer: 'svg',
      container,
      hover: true,
      // vega's own tooltip handler appends to document.body; ours stays in the shadow root.
      tooltip: (_handler: unknown, event: MouseEvent, _item: unknown, value: unknown) => options.tooltip(event, value),
    },
    options.timeLocale,
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
  return view;
}
