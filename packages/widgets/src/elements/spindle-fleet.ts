import type { FleetUtilization } from '@spindle/sdk';
import { css, html } from 'lit';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { fleetSpec, presentStates, secondsIn } from '../specs/utilization-spec.js';

/**
 * Utilization of every machine side by side over the range. Clicking a bar, or
 * a machine's button, selects that machine.
 *
 * @fires spindle-select - A machine was selected; `detail`: `{ machine }`.
 * @csspart machines - The machine buttons.
 *
 * @tagname spindle-fleet
 */
export class SpindleFleetElement extends SpindleChartElement<FleetUtilization[]> {
  static override properties = { ...SpindleChartElement.properties, selected: { reflect: true } };
  static override styles = [
    ...SpindleChartElement.styles,
    css`
      [part='machines'] {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
        margin-bottom: 6px;
      }
      [aria-pressed='true'] {
        border-color: var(--_accent);
        color: var(--_accent);
      }
    `,
  ];
  /** The selected machine's id, highlighted. */
  declare selected: string | undefined;
  protected get heading(): string {
    return this.text.m.fleet.heading;
  }
  protected override readonly needsMachine = false;

  protected async load({ client, from, to, signal }: LoadContext): Promise<FleetUtilization[]> {
    return unwrap(await client.fleetUtilization({ from, to }, { signal }));
  }

  protected isEmpty(items: FleetUtilization[]): boolean {
    return items.every((u) => u.coveredSeconds === 0);
  }

  #names(ctx: LoadContext): Map<string, string> {
    return new Map(ctx.machines.map((m) => [m.id, m.name]));
  }

  protected spec({ data, ctx }: Loaded<FleetUtilization[]>, theme: ChartTheme) {
    return fleetSpec(data, this.#names(ctx), this.selected, theme, ctx.text);
  }

  protected override chartInputs(): unknown[] {
    return [this.selected];
  }

  protected override interactions() {
    return { onClick: (datum: Record<string, unknown>) => this.select(String(datum.machineId)) };
  }

  /** Selects a machine, as a click on its bar does. */
  select(machine: string): void {
    this.selected = machine;
    this.emit('spindle-select', { machine });
  }

  protected override above({ data, ctx }: Loaded<FleetUtilization[]>) {
    const names = this.#names(ctx);
    return html`<div part="machines" role="group" aria-label=${ctx.text.m.fleet.selectMachine}>
      ${data.map(
        (u) => html`<button aria-pressed=${u.machineId === this.selected ? 'true' : 'false'} @click=${() => this.select(u.machineId)}>
          ${names.get(u.machineId) ?? u.machineId}
        </button>`,
      )}
    </div>`;
  }

  protected describe({ data, ctx }: Loaded<FleetUtilization[]>) {
    const { text } = ctx;
    const { m } = text;
    const names = this.#names(ctx);
    const states = presentStates(data);
    const ranked = [...data].sort((a, b) => b.runningSeconds / (b.coveredSeconds || 1) - a.runningSeconds / (a.coveredSeconds || 1));
    const availability = (u: FleetUtilization) => (u.availability === null ? '' : `, ${m.fleet.availability(text.share(u.availability))}`);
    const list = ranked.map(
      (u) => `${names.get(u.machineId) ?? u.machineId} ${text.percent(u.runningSeconds, u.coveredSeconds)}${availability(u)}`,
    );
    return {
      summary: m.fleet.summary(data.length, list.join('; ')),
      columns: [m.machine, ...states.map((s) => m.stateInText[s]), m.covered, m.planned, m.availability],
      rows: data.map((u) => [
        names.get(u.machineId) ?? u.machineId,
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
    'spindle-fleet': SpindleFleetElement;
  }
}
