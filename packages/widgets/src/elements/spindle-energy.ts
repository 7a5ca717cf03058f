import type { Energy } from '@spindle/sdk';
import { html } from 'lit';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { dayCount, wallClock } from '@spindle/core';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { energySpec, type EnergyRow } from '../specs/energy-spec.js';

interface EnergyData {
  bucket: 'hour' | 'day';
  rows: EnergyRow[];
  total: number;
  /** The hour (or day) that drew the most. */
  peak: EnergyRow | undefined;
}

const HOURLY_DAYS = 7;

/**
 * Energy drawn per hour (per day beyond a week), with the range's total and the
 * peak hour highlighted (metrics.md §7).
 *
 * @csspart headline - The total and the peak.
 *
 * @tagname spindle-energy
 */
export class SpindleEnergyElement extends SpindleChartElement<EnergyData> {
  static override properties = { ...SpindleChartElement.properties, bucket: {} };
  /** `hour` or `day`; default: by the hour up to 7 days, by the day beyond. */
  declare bucket: 'hour' | 'day' | undefined;
  protected get heading(): string {
    return this.text.m.energy.heading;
  }

  protected override loadArgs(): unknown[] {
    return [this.bucket];
  }

  protected async load({ client, machine, from, to, signal, fmt }: LoadContext): Promise<EnergyData> {
    const m = machine!;
    const bucket = this.bucket ?? (dayCount(from, to) > HOURLY_DAYS ? 'day' : 'hour');
    const items: Energy[] = unwrap(await client.energy({ machine: m.id, from, to, bucket }, { signal }));
    const perDay = new Map<string, number>();
    for (const e of items) perDay.set(e.day, (perDay.get(e.day) ?? 0) + e.kwh);
    const rows = items.map((e) => {
      const start = wallClock(e.start, m.timezone);
      return {
        start,
        label: bucket === 'day' ? fmt.day(e.day) : fmt.dateTime(start),
        day: e.day,
        kwh: e.kwh,
        dayKwh: perDay.get(e.day) ?? 0,
      };
    });
    const total = rows.reduce((s, r) => s + r.kwh, 0);
    const peak = rows.reduce<EnergyRow | undefined>((a, r) => (r.kwh > (a?.kwh ?? 0) ? r : a), undefined);
    return { bucket, rows, total, peak };
  }

  protected isEmpty(data: EnergyData): boolean {
    return data.total === 0;
  }

  protected spec({ data, ctx }: Loaded<EnergyData>, theme: ChartTheme) {
    return energySpec(data.rows, data.bucket, data.peak, theme, ctx.fmt, ctx.text);
  }

  protected override above({ data, ctx: { text } }: Loaded<EnergyData>) {
    const { energy } = text.m;
    return html`<p part="headline">
      <strong>${text.kwh(data.total)}</strong> ${energy.total}${
        data.peak ? html`, ${energy.peak(data.bucket)} <strong>${data.peak.label}</strong> (${text.kwh(data.peak.kwh)})` : ''
      }
    </p>`;
  }

  protected describe({ data, ctx }: Loaded<EnergyData>) {
    const { text } = ctx;
    const { m } = text;
    const peak = data.peak ? { bucket: data.bucket, label: data.peak.label, kwh: text.kwh(data.peak.kwh) } : null;
    return {
      summary: m.energy.summary(text.kwh(data.total), dayCount(ctx.from, ctx.to), peak),
      columns: [data.bucket === 'day' ? m.day : m.hour, 'kWh', m.energy.dayTotal],
      rows: data.rows.map((r) => [r.label, text.fixed(r.kwh, 2), text.fixed(r.dayKwh, 1)]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-energy': SpindleEnergyElement;
  }
}
