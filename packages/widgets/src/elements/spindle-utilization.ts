import type { Utilization } from '@spindle/sdk';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { hours, shares } from '../internal/format.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { availabilityText, isPartial, presentStates, secondsIn, utilizationSpec } from '../specs/utilization-spec.js';

/**
 * Running, idle, standby, emergency and offline time of one machine per day or
 * per shift, with planned time and availability (metrics.md §4, §11, §13).
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
    const sum = (pick: (u: Utilization) => number) => data.reduce((s, u) => s + pick(u), 0);
    const states = presentStates(data);
    const percents = shares(states.map((state) => sum((u) => secondsIn(u, state))));
    const planned = sum((u) => u.plannedSeconds);
    const availability = planned > 0 ? sum((u) => u.plannedRunningSeconds) / planned : null;
    const overtime = sum((u) => u.unplannedRunningSeconds);
    const plan =
      availability === null
        ? ' Nothing was planned.'
        : ` Availability ${availabilityText(availability)} of ${hours(planned)} planned${overtime > 0 ? `, ${hours(overtime)} running outside the plan` : ''}.`;
    const partial = data.some(isPartial) ? ' The faded day is partial: only part of it has been processed.' : '';
    const parts = states.map((state, i) => `${state.toLowerCase()} ${percents[i]} %`).join(', ');
    return {
      summary: `${parts[0]!.toUpperCase()}${parts.slice(1)} of ${hours(sum((u) => u.coveredSeconds))} covered.${plan}${partial}`,
      columns: ['day', 'shift', ...states.map((s) => s.toLowerCase()), 'covered', 'planned', 'availability'],
      rows: data.map((u) => [
        `${ctx.fmt.day(u.day)}${isPartial(u) ? ' (partial)' : ''}`,
        u.shift ?? '',
        ...states.map((state) => hours(secondsIn(u, state))),
        hours(u.coveredSeconds),
        hours(u.plannedSeconds),
        availabilityText(u.availability),
      ]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-utilization': SpindleUtilizationElement;
  }
}
