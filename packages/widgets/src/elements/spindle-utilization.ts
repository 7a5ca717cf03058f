import type { Utilization } from '@spindle/sdk';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { hours, percent } from '../internal/format.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { utilizationSpec } from '../specs/utilization-spec.js';

/**
 * Running, idle and offline time of one machine per day or per shift (metrics.md §4).
 *
 * @tagname spindle-utilization
 */
export class SpindleUtilizationElement extends SpindleChartElement<Utilization[]> {
  static override properties = { ...SpindleChartElement.properties, by: {} };
  /** `day` (default) or `shift`. */
  declare by: 'day' | 'shift' | undefined;
  protected readonly heading = 'Utilization';

  protected override loadArgs(): unknown[] {
    return [this.by];
  }

  protected async load({ client, machine, from, to, signal }: LoadContext): Promise<Utilization[]> {
    return unwrap(await client.utilization({ machine: machine!.id, from, to, by: this.by === 'shift' ? 'shift' : 'day' }, { signal }));
  }

  protected isEmpty(items: Utilization[]): boolean {
    return items.every((u) => u.coveredSeconds === 0);
  }

  protected spec({ data }: Loaded<Utilization[]>, theme: ChartTheme) {
    return utilizationSpec(data, theme);
  }

  protected describe({ data }: Loaded<Utilization[]>) {
    const sum = (k: 'runningSeconds' | 'idleSeconds' | 'offlineSeconds' | 'coveredSeconds') => data.reduce((s, u) => s + u[k], 0);
    const covered = sum('coveredSeconds');
    return {
      summary: `Running ${percent(sum('runningSeconds'), covered)}, idle ${percent(sum('idleSeconds'), covered)}, offline ${percent(sum('offlineSeconds'), covered)} of ${hours(covered)} covered.`,
      columns: ['day', 'shift', 'running', 'idle', 'offline', 'covered'],
      rows: data.map((u) => [u.day, u.shift ?? '', hours(u.runningSeconds), hours(u.idleSeconds), hours(u.offlineSeconds), hours(u.coveredSeconds)]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-utilization': SpindleUtilizationElement;
  }
}
