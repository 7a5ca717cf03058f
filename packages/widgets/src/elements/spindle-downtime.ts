import type { Downtime } from '@spindle/sdk';
import { css, html, nothing } from 'lit';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { shares } from '../internal/shares.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { downtimeSpec, type DowntimeRow } from '../specs/downtime-spec.js';
import { stateName } from '../specs/states.js';

/**
 * What stopped the machine: its idle, standby and emergency time by the alarm
 * that was open (metrics.md §12), a Pareto of categories. Clicking a category's
 * bar, or setting `category`, shows that category's alarms by code.
 *
 * @csspart back - The button back from one category to all of them.
 *
 * @tagname spindle-downtime
 */
export class SpindleDowntimeElement extends SpindleChartElement<DowntimeRow[]> {
  static override properties = { ...SpindleChartElement.properties, category: { reflect: true } };
  static override styles = [
    ...SpindleChartElement.styles,
    css`
      .drill {
        display: flex;
        align-items: center;
        gap: 8px;
        margin-bottom: 6px;
      }
    `,
  ];
  /** Show this alarm category's codes instead of all categories. */
  declare category: string | undefined;
  protected get heading(): string {
    return this.text.m.downtime.heading;
  }

  protected override loadArgs(): unknown[] {
    return [this.category];
  }

  protected async load({ client, machine, from, to, signal, text }: LoadContext): Promise<DowntimeRow[]> {
    const category = this.category || undefined;
    const items: Downtime[] = unwrap(
      await client.downtime({ machine: machine!.id, from, to, by: category ? 'code' : 'category' }, { signal }),
    );
    return items
      .filter((d) => category === undefined || d.category === category)
      .map((d) => ({
        cause: category === undefined ? (d.category ?? text.m.downtime.noAlarm) : [d.code || '–', d.description].filter(Boolean).join(' '),
        category: d.category,
        state: stateName(d.state),
        seconds: d.seconds,
      }));
  }

  protected isEmpty(rows: DowntimeRow[]): boolean {
    return rows.every((r) => r.seconds === 0);
  }

  protected spec({ data, ctx }: Loaded<DowntimeRow[]>, theme: ChartTheme) {
    return downtimeSpec(data, theme, ctx.text);
  }

  protected override interactions() {
    return {
      onClick: (datum: Record<string, unknown>) => {
        if (!this.category && typeof datum.category === 'string') this.category = datum.category;
      },
    };
  }

  protected override above({ ctx }: Loaded<DowntimeRow[]>) {
    if (!this.category) return nothing;
    const t = ctx.text.m.downtime;
    return html`<div class="drill">
      <button part="back" @click=${() => (this.category = undefined)}>${t.back}</button>
      <span>${t.ofCategory} <strong>${this.category}</strong></span>
    </div>`;
  }

  protected describe({ data, ctx }: Loaded<DowntimeRow[]>) {
    const { text } = ctx;
    const { m } = text;
    const byCause = new Map<string, number>();
    for (const r of data) byCause.set(r.cause, (byCause.get(r.cause) ?? 0) + r.seconds);
    const ranked = [...byCause].sort((a, b) => b[1] - a[1]);
    const percents = shares(ranked.map(([, s]) => s));
    const total = ranked.reduce((s, [, x]) => s + x, 0);
    const top = ranked.slice(0, 4).map(([cause, s], i) => `${cause} ${text.hours(s)} (${text.wholePercent(percents[i]!)})`);
    return {
      summary: m.downtime.summary(text.hours(total), this.category || null, `${top.join(', ')}${ranked.length > 4 ? ', …' : ''}`),
      columns: [m.downtime.cause, m.state, m.time],
      rows: data.map((r) => [r.cause, text.state(r.state), text.hours(r.seconds)]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-downtime': SpindleDowntimeElement;
  }
}
