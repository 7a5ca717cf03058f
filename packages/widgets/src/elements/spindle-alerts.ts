import type { Alert, AlertDaily } from '@spindle/sdk';
import { css, html, nothing } from 'lit';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { wallClock } from '@spindle/core';
import { duration } from '../internal/format.js';
import { errorDetail, unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { alertsSpec, type CategoryCount } from '../specs/alerts-spec.js';

interface AlertsData {
  counts: CategoryCount[];
  items: Alert[];
  next: string | null;
}

const PAGE = 100;

/**
 * Alarm counts per category (metrics.md §8), the list of alarms newest first,
 * filterable by category and text, and a detail panel for the chosen alarm.
 *
 * @fires spindle-select - An alarm was opened; `detail`: `{ machine, alert }`.
 * @csspart list - The list of alarms.
 * @csspart detail - The detail panel of the chosen alarm.
 * @csspart filters - The category and text filters.
 *
 * @tagname spindle-alerts
 */
export class SpindleAlertsElement extends SpindleChartElement<AlertsData> {
  static override properties = { ...SpindleChartElement.properties, category: { reflect: true } };
  static override styles = [
    ...SpindleChartElement.styles,
    css`
      ul {
        list-style: none;
        margin: 8px 0 0;
        padding: 0;
        max-height: 280px;
        overflow: auto;
      }
      li button {
        width: 100%;
        text-align: left;
        border: 0;
        border-bottom: 1px solid var(--_border);
        border-radius: 0;
        padding: 4px 2px;
        display: grid;
        grid-template-columns: 9.5em 6em 1fr;
        gap: 8px;
      }
      li button[aria-pressed='true'] {
        background: color-mix(in srgb, var(--_accent) 15%, transparent);
      }
      [part='filters'] {
        display: flex;
        gap: 8px;
        flex-wrap: wrap;
        margin-top: 8px;
      }
      dl {
        display: grid;
        grid-template-columns: max-content 1fr;
        gap: 2px 12px;
        margin: 8px 0 0;
        padding: 8px;
        border: 1px solid var(--_border);
        border-radius: 6px;
      }
      dt {
        color: var(--_muted);
      }
      dd {
        margin: 0;
      }
    `,
  ];
  /** Show only this alarm category. */
  declare category: string | undefined;
  #query = '';
  #opened: Alert | undefined;
  protected readonly heading = 'Alarms';

  protected override loadArgs(): unknown[] {
    return [this.category];
  }

  protected async load({ client, machine, from, to, signal }: LoadContext): Promise<AlertsData> {
    const range = { machine: machine!.id, from, to };
    const [daily, page] = await Promise.all([
      client.alertsDaily(range, { signal }),
      client.alerts({ ...range, category: this.category || undefined, limit: PAGE }, { signal }),
    ]);
    const totals = new Map<string, number>();
    for (const d of unwrap<AlertDaily[]>(daily)) totals.set(d.category, (totals.get(d.category) ?? 0) + d.count);
    const { items, next } = unwrap(page);
    this.#opened = undefined;
    return { counts: [...totals].map(([category, count]) => ({ category, count })), items, next };
  }

  protected isEmpty(data: AlertsData): boolean {
    return data.counts.every((c) => c.count === 0);
  }

  protected spec({ data }: Loaded<AlertsData>, theme: ChartTheme) {
    return alertsSpec(data.counts, this.category || undefined, theme);
  }

  protected override interactions() {
    return { onClick: (datum: Record<string, unknown>) => this.#filter(String(datum.category)) };
  }

  #filter(category: string): void {
    this.category = category === this.category ? undefined : category || undefined;
  }

  #search(query: string): void {
    this.#query = query;
    this.requestUpdate();
  }

  async #more(loaded: Loaded<AlertsData>): Promise<void> {
    const cursor = loaded.data.next && new URL(loaded.data.next, 'http://next').searchParams.get('cursor');
    if (!cursor) return;
    const { ctx } = loaded;
    try {
      const page = unwrap(
        await ctx.client.alerts({
          machine: ctx.machine!.id,
          from: ctx.from,
          to: ctx.to,
          category: this.category || undefined,
          limit: PAGE,
          cursor,
        }),
      );
      loaded.data.items = [...loaded.data.items, ...page.items];
      loaded.data.next = page.next;
      this.requestUpdate();
    } catch (error) {
      this.emit('spindle-error', errorDetail(error));
    }
  }

  #open(alert: Alert, loaded: Loaded<AlertsData>): void {
    this.#opened = this.#opened === alert ? undefined : alert;
    this.requestUpdate();
    if (this.#opened) this.emit('spindle-select', { machine: loaded.ctx.machine!.id, alert });
  }

  protected override below(loaded: Loaded<AlertsData>) {
    const zone = loaded.ctx.machine!.timezone;
    const at = (instant: string | null) => (instant ? loaded.ctx.fmt.dateTime(wallClock(instant, zone)) : 'still active');
    const query = this.#query.toLowerCase();
    const shown = loaded.data.items.filter((a) => !query || `${a.code} ${a.description}`.toLowerCase().includes(query));
    const open = this.#opened;
    return html`<div part="filters">
        <label
          >Category
          <select @change=${(e: Event) => this.#filter((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!this.category}>all</option>
            ${loaded.data.counts.map((c) => html`<option value=${c.category} ?selected=${c.category === this.category}>${c.category} (${c.count})</option>`)}
          </select></label
        >
        <label>Search <input type="search" .value=${this.#query} @input=${(e: Event) => this.#search((e.target as HTMLInputElement).value)} /></label>
      </div>
      <ul part="list" aria-label="Alarms, newest first">
        ${shown.map(
          (a) => html`<li>
            <button aria-pressed=${a === open ? 'true' : 'false'} @click=${() => this.#open(a, loaded)}>
              <span>${at(a.raisedAt)}</span><span>${a.code}</span><span>${a.description}</span>
            </button>
          </li>`,
        )}
      </ul>
      ${loaded.data.next ? html`<button @click=${() => this.#more(loaded)}>More alarms</button>` : nothing}
      ${
        open
          ? html`<dl part="detail" aria-live="polite">
            <dt>Code</dt><dd>${open.code}</dd>
            <dt>Description</dt><dd>${open.description}</dd>
            <dt>Category</dt><dd>${open.category}</dd>
            <dt>Raised</dt><dd>${at(open.raisedAt)}</dd>
            <dt>Cleared</dt><dd>${at(open.clearedAt)}</dd>
            <dt>Duration</dt><dd>${open.durationSeconds === null ? '–' : duration(open.durationSeconds)}</dd>
          </dl>`
          : nothing
      }`;
  }

  protected describe({ data }: Loaded<AlertsData>) {
    const total = data.counts.reduce((s, c) => s + c.count, 0);
    const sorted = [...data.counts].sort((a, b) => b.count - a.count);
    return {
      summary: `${total} alarms: ${sorted.map((c) => `${c.count} ${c.category}`).join(', ')}.`,
      columns: ['category', 'alarms'],
      rows: sorted.map((c) => [c.category, c.count]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-alerts': SpindleAlertsElement;
  }
}
