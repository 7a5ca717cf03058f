import { Task, TaskStatus } from '@lit/task';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { ChartController, type ChartRequest } from '../chart/chart-controller.js';
import type { ChartInput } from '../specs/chart-input.js';
import { errorState } from './error-state.js';
import { ABORTED, errorDetail, loadContext, messageOf, unlessAborted, type LoadContext } from './load-context.js';
import { chartConfig, readChartTheme, type ChartTheme } from './theme.js';
import { SpindleElement } from './spindle-element.js';

export interface Loaded<T> {
  ctx: LoadContext;
  data: T;
}

/** The text alternative of a chart: one sentence, and the numbers as a table. */
export interface Description {
  summary: string;
  columns: string[];
  rows: (string | number)[][];
}

const darkScheme = '(prefers-color-scheme: dark)';

/**
 * An element that loads data through the SDK and draws one chart, with
 * loading, empty and error states, a text summary and a table for screen readers.
 * Subclasses say what to load, how to draw it and how to describe it.
 *
 * @fires spindle-load - The chart was drawn; `detail`: `{ machine, from, to }`.
 * @fires spindle-error - Loading or drawing failed; `detail`: `{ message, problem }`.
 * @csspart header - The title row.
 * @csspart chart - The chart.
 * @csspart tooltip - The tooltip over the chart.
 * @csspart summary - The one-sentence summary of the chart.
 * @csspart freshness - "Data through …": the newest processed data, on the machine's clock (the oldest machine's, in UTC, for fleet elements).
 * @csspart stale - The badge of data older than `stale-after` seconds.
 * @csspart table - The data table, a `<details>` element.
 * @csspart loading - The loading state.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @csspart retry - The retry button of the error state.
 */
export abstract class SpindleChartElement<T> extends SpindleElement {
  /** The title, in the element's language. */
  protected abstract get heading(): string;
  /** False for fleet-wide elements. */
  protected readonly needsMachine: boolean = true;

  protected abstract load(ctx: LoadContext): Promise<T>;
  protected abstract isEmpty(data: T): boolean;
  protected abstract spec(loaded: Loaded<T>, theme: ChartTheme): ChartInput;
  protected abstract describe(loaded: Loaded<T>): Description;

  /** Element-specific inputs that require loading again when they change. */
  protected loadArgs(): unknown[] {
    return [];
  }
  /** Content above the chart (headline numbers, controls). */
  protected above(_loaded: Loaded<T>): TemplateResult | typeof nothing {
    return nothing;
  }
  /** Content below the table (lists, detail panels). */
  protected below(_loaded: Loaded<T>): TemplateResult | typeof nothing {
    return nothing;
  }
  /** View state besides the data that the chart is drawn from: a change draws again. */
  protected chartInputs(): unknown[] {
    return [];
  }
  /** Handlers of clicks and drags on the chart. */
  protected interactions(_loaded: Loaded<T>): Pick<ChartRequest, 'onClick' | 'onInterval'> {
    return {};
  }

  protected readonly chart = new ChartController(this);
  #viewVersion = 0;
  #drawn: { value: unknown; inputs: unknown[] } | undefined;
  #announced: unknown;
  /** Why the last draw failed, shown in place of the chart. */
  #drawError: string | null = null;
  #scheme: MediaQueryList | undefined;
  readonly #onScheme = () => this.redraw();

  protected readonly loader: Task<readonly unknown[], Loaded<T> | null> = new Task(this, {
    args: (): readonly unknown[] => [this.spindle, this.machine, this.from, this.to, this.effectiveLocale, ...this.loadArgs()],
    task: (_args, { signal }) =>
      unlessAborted(signal, async (): Promise<Loaded<T> | null> => {
        const ctx = await loadContext({
          client: this.spindle,
          page: this.page,
          signal,
          machine: this.machine,
          from: this.from,
          to: this.to,
          needsMachine: this.needsMachine,
          locale: this.effectiveLocale,
        });
        return ctx ? { ctx, data: await this.load(ctx) } : null;
      }),
    onError: (error) => {
      if (error !== ABORTED) this.emit('spindle-error', errorDetail(error));
    },
  });

  /** Draw again with the same data (view state or colours changed). */
  protected redraw(): void {
    this.#viewVersion++;
    this.requestUpdate();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#scheme = matchMedia(darkScheme);
    this.#scheme.addEventListener('change', this.#onScheme);
    // The view was finalized on leaving: draw again.
    this.#drawn = undefined;
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#scheme?.removeEventListener('change', this.#onScheme);
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const loaded = this.loader.value;
    if (this.loader.status !== TaskStatus.COMPLETE || !loaded || this.isEmpty(loaded.data)) return;
    const inputs = [this.#viewVersion, this.theme, ...this.chartInputs()];
    if (this.#drawn?.value === loaded && inputs.every((v, i) => v === this.#drawn!.inputs[i])) return;
    this.#drawn = { value: loaded, inputs };
    void this.#draw(loaded);
  }

  async #draw(loaded: Loaded<T>): Promise<void> {
    const container = this.renderRoot.querySelector<HTMLElement>('.chart');
    const tooltip = this.renderRoot.querySelector<HTMLElement>('.tooltip');
    if (!container || !tooltip) return;
    const theme = readChartTheme(this);
    const chart = this.spec(loaded, theme);
    const description = this.describe(loaded).summary;
    try {
      const drawn = await this.chart.draw({
        container,
        tooltip,
        chart,
        config: chartConfig(theme),
        description,
        locale: loaded.ctx.fmt.locale,
        ...this.interactions(loaded),
      });
      if (drawn && this.#drawError !== null) {
        this.#drawError = null;
        this.requestUpdate();
      }
      // Announced once per load: zooming or a theme change draws again without new data.
      if (drawn && this.#announced !== loaded) {
        this.#announced = loaded;
        this.emit('spindle-load', { machine: loaded.ctx.machine?.id ?? null, from: loaded.ctx.from, to: loaded.ctx.to });
      }
    } catch (error) {
      // Said where the chart should be, not only in an event nobody may listen to.
      this.#drawError = loaded.ctx.text.m.chartNotDrawn(messageOf(error));
      this.requestUpdate();
      this.emit('spindle-error', { message: this.#drawError });
    }
  }

  override render(): TemplateResult {
    const loaded = this.loader.value;
    return html`<header part="header">
        <h2>${this.heading}</h2>
        ${loaded ? html`<span class="muted">${rangeLabel(loaded.ctx)}</span>` : nothing}
      </header>
      ${this.#body()}`;
  }

  #body(): TemplateResult {
    const status = this.loader.status;
    const error = this.loader.error;
    const { m } = this.text;
    if (status === TaskStatus.ERROR && error !== ABORTED) return errorState(error, m, () => this.reload());
    const loaded = this.loader.value;
    if (status !== TaskStatus.COMPLETE && !loaded) return html`<div class="state" role="status" part="loading">${m.loading}</div>`;
    if (loaded === null || loaded === undefined || this.isEmpty(loaded.data)) {
      return html`<div class="state" role="status" part="empty">${loaded ? m.noDataFor(rangeLabel(loaded.ctx)) : m.noDataYet}</div>`;
    }
    const { summary, columns, rows } = this.describe(loaded);
    return html`<div aria-busy=${status === TaskStatus.PENDING ? 'true' : 'false'}>
      ${this.above(loaded)}
      <div class="chart-wrap">
        ${this.#drawError === null ? nothing : html`<p class="state error" role="alert" part="error">${this.#drawError}</p>`}
        <div class="chart" part="chart" role="img" aria-label=${summary}></div>
        <div class="tooltip" part="tooltip" hidden></div>
      </div>
      <p class="summary" part="summary">${summary}</p>
      ${
        loaded.ctx.dataThrough === null
          ? nothing
          : html`<p class="freshness"><span part="freshness">${m.dataThrough(loaded.ctx.fmt.dateTime(loaded.ctx.dataThrough), loaded.ctx.fmt.timeZone)}</span>${
              this.isStale(loaded.ctx.watermark) ? html`<span class="stale" part="stale">${m.stale}</span>` : nothing
            }</p>`
      }
      <details part="table">
        <summary>${m.table}</summary>
        <table>
          <thead>
            <tr>${columns.map((c) => html`<th scope="col">${c}</th>`)}</tr>
          </thead>
          <tbody>
            ${rows.map((row) => html`<tr>${row.map((cell) => html`<td>${cell}</td>`)}</tr>`)}
          </tbody>
        </table>
      </details>
      ${this.below(loaded)}
    </div>`;
  }
}

function rangeLabel(ctx: LoadContext): string {
  return ctx.from === ctx.to ? ctx.from : `${ctx.from} – ${ctx.to}`;
}
