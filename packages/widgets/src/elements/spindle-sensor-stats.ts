import type { SensorStat } from '@spindle/sdk';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { dayCount, wallClock } from '@spindle/core';
import { NBSP } from '../i18n/text.js';
import { AttributeError, unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { sensorSpec, type SensorRow } from '../specs/sensor-spec.js';

interface SensorData {
  sensor: string;
  /** The sensor's display label from the fleet config. */
  label: string;
  unit: string;
  bucket: 'hour' | 'day';
  rows: SensorRow[];
}

/** Up to this many days a range is drawn by the hour, longer ones by the day. */
const HOURLY_DAYS = 7;

/**
 * The min–avg–max band of one sensor per hour, or per day on ranges longer than
 * a week (rolled up exactly by the server from count, sum and sum of squares).
 *
 * @tagname spindle-sensor-stats
 */
export class SpindleSensorStatsElement extends SpindleChartElement<SensorData> {
  static override properties = { ...SpindleChartElement.properties, sensor: {}, bucket: {} };
  /** Sensor name; default: the machine's first sensor. */
  declare sensor: string | undefined;
  /** `hour` or `day`; default: by the hour up to 7 days, by the day beyond. */
  declare bucket: 'hour' | 'day' | undefined;
  protected get heading(): string {
    const data = this.loader.value?.data;
    return data ? `${data.label} (${data.unit})` : (this.sensor ?? this.text.m.sensor.heading);
  }

  protected override loadArgs(): unknown[] {
    return [this.sensor, this.bucket];
  }

  protected async load({ client, machine, from, to, signal, fmt }: LoadContext): Promise<SensorData> {
    const m = machine!;
    const sensor = this.sensor ? m.sensors.find((s) => s.name === this.sensor) : m.sensors[0];
    if (!sensor) {
      throw new AttributeError(
        this.sensor
          ? `sensor="${this.sensor}" is not a sensor of machine ${m.id}; it has: ${m.sensors.map((s) => s.name).join(', ')}`
          : `machine ${m.id} has no sensors`,
      );
    }
    const bucket = this.bucket ?? (dayCount(from, to) > HOURLY_DAYS ? 'day' : 'hour');
    const items: SensorStat[] = unwrap(await client.sensorStats({ machine: m.id, sensor: sensor.name, from, to, bucket }, { signal }));
    const rows = items.map((s) => {
      const start = wallClock(s.start, m.timezone);
      return { start, label: bucket === 'day' ? fmt.day(s.day) : fmt.dateTime(start), min: s.min, avg: s.avg, max: s.max, count: s.count };
    });
    return { sensor: sensor.name, label: sensor.label, unit: sensor.unit, bucket, rows };
  }

  protected isEmpty(data: SensorData): boolean {
    return data.rows.length === 0;
  }

  protected spec({ data, ctx }: Loaded<SensorData>, theme: ChartTheme) {
    const bucketMs = data.bucket === 'day' ? 86_400_000 : 3_600_000;
    return sensorSpec(data.rows, `${data.label} (${data.unit})`, theme, ctx.fmt, bucketMs, ctx.text, data.unit);
  }

  protected describe({ data, ctx }: Loaded<SensorData>) {
    const { text } = ctx;
    const { m } = text;
    const { rows, unit } = data;
    const value = (v: number, at?: string) => `${text.decimal(v)}${NBSP}${unit}${at ? ` (${at})` : ''}`;
    const min = rows.reduce((a, r) => (r.min < a.min ? r : a));
    const max = rows.reduce((a, r) => (r.max > a.max ? r : a));
    const count = rows.reduce((s, r) => s + r.count, 0);
    const avg = rows.reduce((s, r) => s + r.avg * r.count, 0) / count;
    return {
      summary: m.sensor.summary(data.label, data.bucket, value(avg), value(min.min, min.label), value(max.max, max.label)),
      columns: [data.bucket === 'day' ? m.day : m.hour, m.sensor.min(unit), m.sensor.avg(unit), m.sensor.max(unit), m.sensor.values],
      rows: rows.map((r) => [r.label, text.decimal(r.min), text.decimal(r.avg), text.decimal(r.max), r.count]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-sensor-stats': SpindleSensorStatsElement;
  }
}
