import type { Utilization } from '@spindle/sdk';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { shares } from '../internal/shares.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { isPartial, presentStates, secondsIn, utilizationSpec } from '../specs/utilization-spec.js';

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
  protected get heading(): string {
    return this.text.m.utilization.heading;
  }

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
    return utilizationSpec(data, theme, ctx.fmt, ctx.text);
  }

  protected describe({ data, ctx }: Loaded<Utilization[]>) {
    const { text } = ctx;
    const { m } = text;
    const sum = (pick: (u: Utilization) => number) => data.reduce((s, u) => s + pick(u), 0);
    const states = presentStates(data);
    const percents = shares(states.map((state) => sum((u) => secondsIn(u, state))));
    const planned = sum((u) => u.plannedSeconds);
    const availability = planned > 0 ? sum((u) => u.plannedRunningSeconds) / planned : null;
    const overtime = sum((u) => u.unplannedRunningSeconds);
    const plan =
      availability === null
        ? m.utilization.nothingPlanned
        : m.utilization.availability(text.share(availability), text.hours(planned), overtime > 0 ? text.hours(overtime) : null);
    const parts = states.map((state, i) => `${m.stateInText[state]} ${text.wholePercent(percents[i]!)}`).join(', ');
    const sentences = [
      m.utilization.summary(parts, text.hours(sum((u) => u.coveredSeconds))),
      plan,
      ...(data.some(isPartial) ? [m.utilization.partialDay] : []),
    ];
    return {
      summary: sentences.join(' '),
      columns: [m.day, m.shift, ...states.map((s) => m.stateInText[s]), m.covered, m.planned, m.availability],
      rows: data.map((u) => [
        `${ctx.fmt.day(u.day)}${isPartial(u) ? ` ${m.utilization.partialMark}` : ''}`,
        u.shift ?? '',
        ...states.map((state) => text.hours(secondsIn(u, state))),
        text.hours(u.coveredSeconds),
        text.hours(u.plannedSeconds),
        text.share(u.availability),
      ]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-utilization': SpindleUtilizationElement;
  }
}
