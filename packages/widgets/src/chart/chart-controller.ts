import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { View } from 'vega-typings';
import type { ChartConfig } from '../internal/theme.js';
import type { ChartInput } from '../specs/chart-input.js';

export interface ChartRequest {
  container: HTMLElement;
  tooltip: HTMLElement;
  chart: ChartInput;
  /** vega config: the theme's colours and fonts. */
  config: ChartConfig;
  description: string;
  /** d3 time locale definition: month and weekday names (see TimeFormat). */
  timeLocale?: Record<string, unknown>;
  /** d3 number locale definition: the decimal separator (see Text). */
  numberLocale?: Record<string, unknown>;
  onClick?: (datum: Record<string, unknown>) => void;
  onInterval?: { name: string; handler: (range: [number, number]) => void };
}

/**
 * Owns one vega view: draws the latest request only (a slower earlier draw is
 * dropped), and finalizes the view when the host leaves the page.
 */
export class ChartController implements ReactiveController {
  #view: View | undefined;
  #generation = 0;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Resolves true when this request was drawn, false when a newer one or a disconnect superseded it. */
  async draw(request: ChartRequest): Promise<boolean> {
    const generation = ++this.#generation;
    const runtime = await import('./vega-runtime.js');
    if (generation !== this.#generation) return false;
    this.#release();
    request.container.replaceChildren();
    const view = await runtime.drawChart(request.container, request.chart, {
      config: request.config,
      description: request.description,
      timeLocale: request.timeLocale,
      numberLocale: request.numberLocale,
      onClick: request.onClick,
      onInterval: request.onInterval,
      tooltip: (event, value) => showTooltip(request.tooltip, event, value),
    });
    if (generation !== this.#generation) {
      view.finalize();
      return false;
    }
    this.#view = view;
    return true;
  }

  hostDisconnected(): void {
    this.#generation++;
    this.#release();
  }

  #release(): void {
    this.#view?.finalize();
    this.#view = undefined;
  }
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
