import type { Program } from '@spindle/sdk';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { programsSpec, type ProgramRow } from '../specs/programs-spec.js';

/** Running time and energy per program over the range (metrics.md §6), longest first. *
 * @tagname spindle-programs
 */
export class SpindleProgramsElement extends SpindleChartElement<ProgramRow[]> {
  protected get heading(): string {
    return this.text.m.programs.heading;
  }

  protected async load({ client, machine, from, to, signal, text }: LoadContext): Promise<ProgramRow[]> {
    const items: Program[] = unwrap(await client.programs({ machine: machine!.id, from, to }, { signal }));
    const totals = new Map<string, { seconds: number; kwh: number }>();
    for (const p of items) {
      const label = text.m.program(p.program);
      const t = totals.get(label) ?? { seconds: 0, kwh: 0 };
      t.seconds += p.runningSeconds;
      t.kwh += p.energyKwh;
      totals.set(label, t);
    }
    return [...totals]
      .map(([program, t]) => ({ program, hours: t.seconds / 3600, kwh: t.kwh, duration: text.hours(t.seconds), energy: text.kwh(t.kwh) }))
      .sort((a, b) => b.hours - a.hours);
  }

  protected isEmpty(rows: ProgramRow[]): boolean {
    return rows.every((r) => r.hours === 0);
  }

  protected spec({ data, ctx }: Loaded<ProgramRow[]>, theme: ChartTheme) {
    return programsSpec(data, theme, ctx.text);
  }

  protected describe({ data, ctx }: Loaded<ProgramRow[]>) {
    const { programs } = ctx.text.m;
    const top = data[0]!;
    return {
      summary: programs.summary(data.length, top.program, top.duration, top.energy),
      columns: [programs.program, programs.running, programs.energy],
      rows: data.map((r) => [r.program, r.duration, r.energy]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-programs': SpindleProgramsElement;
  }
}
