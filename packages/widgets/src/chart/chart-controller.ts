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
  /** The reader's locale (see TimeFormat.locale): vega's month and weekday names and decimal separator follow it. */
  locale?: string;
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
      locale: request.locale,
      onClick: request.onClick,
      onInterval: request.onInterval,
      tooltip: request.tooltip,
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
