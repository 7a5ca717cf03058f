import { Task, TaskStatus } from '@lit/task';
import type { Machine, MachineStatus } from '@spindle/sdk';
import { css, html, nothing, type TemplateResult } from 'lit';
import { html as staticHtml, unsafeStatic } from 'lit/static-html.js';
import { isDay } from '@spindle/core';
import { errorState } from '../internal/error-state.js';
import { ABORTED, errorDetail, loadContext, unlessAborted, type LoadContext } from '../internal/load-context.js';
import { SpindleElement } from '../internal/spindle-element.js';

interface Resolved {
  ctx: LoadContext;
  status: MachineStatus | undefined;
}

/**
 * Every chart of one machine on one page, with a machine picker and a date
 * range picker. The charts share the dashboard's client. Without `machine` it
 * opens on the first machine.
 *
 * @fires spindle-select - The machine or range was changed by the user; `detail`: `{ machine, from, to }`.
 * @fires spindle-error - The machine or range could not be resolved; `detail`: `{ message, problem }`.
 * @csspart header - The title row with the pickers.
 * @csspart grid - The grid of charts.
 * @csspart error - The error state.
 * @cssprop --spindle-dashboard-column - Minimum width of a chart column (default 420px).
 *
 * @tagname spindle-dashboard
 */
export class SpindleDashboardElement extends SpindleElement {
  static override styles = [
    ...SpindleElement.styles,
    css`
      :host {
        border: 0;
        padding: 0;
        background: transparent;
      }
      [part='grid'] {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(min(100%, var(--spindle-dashboard-column, 420px)), 1fr));
        gap: 12px;
      }
      .wide {
        grid-column: 1 / -1;
      }
      label {
        color: var(--_muted);
      }
      h2 {
        font-size: 1.3em;
      }
    `,
  ];

  protected readonly loader: Task<readonly unknown[], Resolved | null> = new Task(this, {
    args: (): readonly unknown[] => [this.spindle, this.machine, this.from, this.to, this.effectiveLocale],
    task: (_args, { signal }) =>
      unlessAborted(signal, async (): Promise<Resolved | null> => {
        const found = await loadContext({
          client: this.spindle,
          page: this.page,
          signal,
          machine: this.machine,
          from: this.from,
          to: this.to,
          needsMachine: false,
          locale: this.effectiveLocale,
        });
        // Without a machine attribute the dashboard opens on the first machine.
        const ctx = found && { ...found, machine: found.machine ?? found.machines[0] };
        if (!ctx?.machine) return null;
        const status = (await this.page.status(signal)).find((s) => s.machineId === ctx.machine!.id);
        return { ctx, status };
      }),
    onError: (error) => {
      if (error !== ABORTED) this.emit('spindle-error', errorDetail(error));
    },
  });

  #change(patch: { machine?: string; from?: string; to?: string }): void {
    const ctx = this.loader.value?.ctx;
    // The pickers are drawn only once a machine and range are resolved.
    if (!ctx?.machine) return;
    if (patch.from !== undefined && !isDay(patch.from)) return;
    if (patch.to !== undefined && !isDay(patch.to)) return;
    const next = { machine: ctx.machine.id, from: ctx.from, to: ctx.to, ...patch };
    if (next.from && next.to && next.from > next.to) {
      if (patch.from) next.to = next.from;
      else next.from = next.to;
    }
    if (next.machine === ctx.machine.id && next.from === ctx.from && next.to === ctx.to) return;
    Object.assign(this, next);
    this.emit('spindle-select', next);
  }

  override render(): TemplateResult {
    const resolved = this.loader.value;
    const t = this.text.m;
    if (this.loader.status === TaskStatus.ERROR && this.loader.error !== ABORTED) {
      return errorState(this.loader.error, t, () => this.reload());
    }
    if (resolved === undefined) return html`<div class="state" role="status">${t.loading}</div>`;
    if (resolved === null) return html`<div class="state" role="status">${t.noDataYet}</div>`;
    const { ctx, status } = resolved;
    const machine = ctx.machine!;
    return html`<header part="header">
        <h2>${machine.name}</h2>
        <label
          >${t.dashboard.machine}
          <select @change=${(e: Event) => this.#change({ machine: (e.target as HTMLSelectElement).value })}>
            ${ctx.machines.map((m) => html`<option value=${m.id} ?selected=${m.id === machine.id}>${m.name}</option>`)}
          </select></label
        >
        <label
          >${t.dashboard.from}
          <input type="date" .value=${ctx.from} min=${status?.firstDay ?? nothing} max=${status?.lastDay ?? nothing}
            @change=${(e: Event) => this.#change({ from: (e.target as HTMLInputElement).value })} /></label
        >
        <label
          >${t.dashboard.to}
          <input type="date" .value=${ctx.to} min=${status?.firstDay ?? nothing} max=${status?.lastDay ?? nothing}
            @change=${(e: Event) => this.#change({ to: (e.target as HTMLInputElement).value })} /></label
        >
        <span class="muted">${machine.timezone}</span>
      </header>
      <div part="grid">${this.#charts(machine, ctx)}</div>`;
  }

  #charts(machine: Machine, ctx: LoadContext): TemplateResult {
    // Every chart gets the same concrete inputs, so none resolves the range again.
    const chart = (tag: string, options: { sensor?: string; wide?: boolean } = {}) => staticHtml`<${unsafeStatic(tag)}
      class=${options.wide ? 'wide' : nothing}
      .client=${this.spindle}
      machine=${machine.id}
      from=${ctx.from}
      to=${ctx.to}
      sensor=${options.sensor ?? nothing}
      theme=${this.theme ?? nothing}
      locale=${this.locale ?? nothing}
      .refresh=${this.refresh}
    ></${unsafeStatic(tag)}>`;
    return html`${chart('spindle-utilization')} ${chart('spindle-downtime')} ${chart('spindle-state-timeline')} ${machine.hasEnergy ? chart('spindle-energy') : nothing}
    ${machine.hasPrograms ? chart('spindle-programs') : nothing} ${machine.sensors.map((s) => chart('spindle-sensor-stats', { sensor: s.name }))}
    ${machine.hasAlarms ? chart('spindle-alerts', { wide: true }) : nothing}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-dashboard': SpindleDashboardElement;
  }
}
