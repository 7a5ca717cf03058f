import type { Alert, AlertDaily } from '@spindle/sdk';
import { css, html, nothing } from 'lit';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { wallClock } from '@spindle/core';
import { errorDetail, unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { alertsSpec, type CategoryCount } from '../specs/alerts-spec.js';

interface AlertsData {
  counts: CategoryCount[];
  items: Alert[];
  next: string | null;
}

/** Alarms fetched per request. */
const FETCH = 100;
/** Alarms shown per page of the list. */
const PAGE_ROWS = 10;

/**
 * Alarm counts per category (metrics.md §8), the list of alarms newest first
 * (raised, code, category, description, duration; ten to a page), filterable by
 * category and text, and a detail panel for the chosen alarm.
 *
 * @fires spindle-select - An alarm was opened; `detail`: `{ machine, alert }`.
 * @csspart list - The list of alarms.
 * @csspart pager - The list's page buttons and how many alarms it shows.
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
      .alarms {
        container-type: inline-size;
        margin-top: 8px;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      .row {
        width: 100%;
        text-align: left;
        border: 0;
        border-bottom: 1px solid var(--_border);
        border-radius: 0;
        padding: 4px 2px;
        display: grid;
        grid-template-columns: 10em 5em 6em 1fr 4.5em;
        gap: 8px;
        overflow-wrap: anywhere;
      }
      .head {
        color: var(--_muted);
        font-weight: 600;
      }
      .num {
        text-align: right;
      }
      /* A phone: the description gets a line of its own. */
      @container (max-width: 34em) {
        .row {
          grid-template-columns: 1fr auto auto auto;
        }
        .row > :nth-child(4) {
          grid-column: 1 / -1;
          grid-row: 2;
        }
      }
      [part='pager'] {
        display: flex;
        gap: 8px;
        align-items: center;
        flex-wrap: wrap;
        margin-top: 6px;
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
  /** The page of the list shown, from 0. */
  #page = 0;
  protected get heading(): string {
    return this.text.m.alerts.heading;
  }

  protected override loadArgs(): unknown[] {
    return [this.category];
  }

  protected async load({ client, machine, from, to, signal }: LoadContext): Promise<AlertsData> {
    const range = { machine: machine!.id, from, to };
    const [daily, page] = await Promise.all([
      client.alertsDaily(range, { signal }),
      client.alerts({ ...range, category: this.category || undefined, limit: FETCH }, { signal }),
    ]);
    const totals = new Map<string, number>();
    for (const d of unwrap<AlertDaily[]>(daily)) totals.set(d.category, (totals.get(d.category) ?? 0) + d.count);
    const { items, next } = unwrap(page);
    this.#opened = undefined;
    this.#page = 0;
    return { counts: [...totals].map(([category, count]) => ({ category, count })), items, next };
  }

  protected isEmpty(data: AlertsData): boolean {
    return data.counts.every((c) => c.count === 0);
  }

  protected spec({ data, ctx }: Loaded<AlertsData>, theme: ChartTheme) {
    return alertsSpec(data.counts, this.category || undefined, theme, ctx.text);
  }

  protected override interactions() {
    return { onClick: (datum: Record<string, unknown>) => this.#filter(String(datum.category)) };
  }

  #filter(category: string): void {
    this.category = category === this.category ? undefined : category || undefined;
  }

  #search(query: string): void {
    this.#query = query;
    this.#page = 0;
    this.requestUpdate();
  }

  /** Shows page `page`, fetching alarms first when it reaches past those loaded. */
  async #turn(loaded: Loaded<AlertsData>, page: number): Promise<void> {
    if ((page + 1) * PAGE_ROWS > loaded.data.items.length && loaded.data.next) await this.#more(loaded);
    this.#page = page;
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
          limit: FETCH,
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
    const { fmt, text } = loaded.ctx;
    const { m } = text;
    const a = m.alerts;
    const zone = loaded.ctx.machine!.timezone;
    const at = (instant: string | null) => (instant ? fmt.dateTime(wallClock(instant, zone)) : a.stillActive);
    const took = (alert: Alert) => (alert.durationSeconds === null ? '–' : text.duration(alert.durationSeconds));
    const query = this.#query.toLowerCase();
    const matching = loaded.data.items.filter((x) => !query || `${x.code} ${x.description}`.toLowerCase().includes(query));
    // Without a search, the list holds every alarm of the range (the counts'), loaded or not.
    const total = query || !loaded.data.next ? matching.length : Math.max(this.#total(loaded.data), matching.length);
    const pages = Math.max(1, Math.ceil(total / PAGE_ROWS));
    const page = Math.min(this.#page, pages - 1);
    const shown = matching.slice(page * PAGE_ROWS, (page + 1) * PAGE_ROWS);
    const open = this.#opened;
    return html`<div part="filters">
        <label
          >${a.category}
          <select @change=${(e: Event) => this.#filter((e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${!this.category}>${a.all}</option>
            ${loaded.data.counts.map((c) => html`<option value=${c.category} ?selected=${c.category === this.category}>${c.category} (${c.count})</option>`)}
          </select></label
        >
        <label>${a.search} <input type="search" .value=${this.#query} @input=${(e: Event) => this.#search((e.target as HTMLInputElement).value)} /></label>
      </div>
      <div class="alarms">
        <div class="row head" aria-hidden="true">
          <span>${a.raised}</span><span>${a.code}</span><span>${a.category}</span><span>${a.description}</span><span class="num">${m.duration}</span>
        </div>
        <ul part="list" aria-label=${a.list}>
          ${shown.map(
            (x) => html`<li>
              <button class="row" aria-pressed=${x === open ? 'true' : 'false'} @click=${() => this.#open(x, loaded)}>
                <span>${at(x.raisedAt)}</span><span>${x.code}</span><span>${x.category}</span><span>${x.description}</span><span class="num"
                  >${took(x)}</span
                >
              </button>
            </li>`,
          )}
        </ul>
      </div>
      <div part="pager">
        <button ?disabled=${page === 0} @click=${() => this.#turn(loaded, page - 1)} aria-label=${a.previous}>‹</button>
        <span>${total === 0 ? a.noMatch : a.shown(page * PAGE_ROWS + 1, page * PAGE_ROWS + shown.length, total)}</span>
        <button ?disabled=${page >= pages - 1} @click=${() => this.#turn(loaded, page + 1)} aria-label=${a.next}>›</button>
      </div>
      ${
        open
          ? html`<dl part="detail" aria-live="polite">
            <dt>${a.code}</dt><dd>${open.code}</dd>
            <dt>${a.description}</dt><dd>${open.description}</dd>
            <dt>${a.category}</dt><dd>${open.category}</dd>
            <dt>${a.raised}</dt><dd>${at(open.raisedAt)}</dd>
            <dt>${a.cleared}</dt><dd>${at(open.clearedAt)}</dd>
            <dt>${m.duration}</dt><dd>${took(open)}</dd>
          </dl>`
          : nothing
      }`;
  }

  /** Alarms of the range in the category shown. */
  #total(data: AlertsData): number {
    return data.counts.filter((c) => !this.category || c.category === this.category).reduce((s, c) => s + c.count, 0);
  }

  protected describe({ data, ctx }: Loaded<AlertsData>) {
    const { alerts } = ctx.text.m;
    const total = data.counts.reduce((s, c) => s + c.count, 0);
    const sorted = [...data.counts].sort((a, b) => b.count - a.count);
    return {
      summary: alerts.summary(total, sorted.map((c) => `${c.count} ${c.category}`).join(', ')),
      columns: [alerts.category, alerts.alarms],
      rows: sorted.map((c) => [c.category, c.count]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-alerts': SpindleAlertsElement;
  }
}
