import type { Utilization } from '@spindle/sdk';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { hours, shares } from '../internal/format.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { isPartial, utilizationSpec } from '../specs/utilization-spec.js';

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

  protected spec({ data, ctx }: Loaded<Utilization[]>, theme: ChartTheme) {
    return utilizationSpec(data, theme, ctx.fmt);
  }

  protected describe({ data, ctx }: Loaded<Utilization[]>) {
    const sum = (k: 'runningSeconds' | 'idleSeconds' | 'offlineSeconds' | 'coveredSeconds') => data.reduce((s, u) => s + u[k], 0);
    const covered = sum('coveredSeconds');
    const [running, idle, offline] = shares([sum('runningSeconds'), sum('idleSeconds'), sum('offlineSeconds')]);
    const partial = data.some(isPartial) ? ' The faded day is partial: only part of it has been processed.' : '';
    return {
      summary: `Running ${running} %, idle ${idle} %, offline ${offline} % of ${hours(covered)} covered.${partial}`,
      columns: ['day', 'shift', 'running', 'idle', 'offline', 'covered'],
      rows: data.map((u) => [
        `${ctx.fmt.day(u.day)}${isPartial(u) ? ' (partial)' : ''}`,
        u.shift ?? '',
        hours(u.runningSeconds),
        hours(u.idleSeconds),
        hours(u.offlineSeconds),
        hours(u.coveredSeconds),
      ]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-utilization': SpindleUtilizationElement;
  }
}
