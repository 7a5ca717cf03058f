import { Task, TaskStatus } from '@lit/task';
import type { FleetNow } from '@spindle/sdk';
import { wallClock } from '@spindle/core';
import { css, html, nothing, type TemplateResult } from 'lit';
import { loadLanguage } from '../i18n/languages.js';
import { errorState } from '../internal/error-state.js';
import { ABORTED, errorDetail, unlessAborted, unwrap } from '../internal/load-context.js';
import { SpindleElement } from '../internal/spindle-element.js';
import { TimeFormat } from '../internal/time-format.js';
import { stateName } from '../specs/states.js';

type State = NonNullable<FleetNow['state']>;

// Most urgent first: what a person at the wall must see before the rest.
const URGENCY: readonly (State | 'NONE')[] = ['EMERGENCY', 'STANDBY', 'IDLE', 'OFFLINE', 'RUNNING', 'NONE'];
const STATE_ORDER: readonly State[] = ['RUNNING', 'IDLE', 'STANDBY', 'EMERGENCY', 'OFFLINE'];

/**
 * The fleet now, for a wall screen or a portal's front page: a card per machine
 * with its state and time in it, its program, its most severe open alarm, its
 * production day's running share and availability, and how fresh all that is.
 * Most urgent first (or by name), filtered by state. With `refresh` set it follows
 * the page's event stream: a card changes within a second of the ETL's commit.
 *
 * @fires spindle-load - The cards were drawn; `detail`: `{ machines }` (the attribute, or null for every machine).
 * @fires spindle-select - A machine's card was chosen; `detail`: `{ machine }`.
 * @fires spindle-error - Loading failed; `detail`: `{ message, problem }`.
 * @csspart header - The title row with the sort and filter controls.
 * @csspart board - The grid of cards.
 * @csspart card - One machine's card.
 * @csspart state - A card's state and time in it.
 * @csspart stale - The badge of a machine whose data is older than `stale-after`.
 * @csspart empty - The empty state.
 * @csspart error - The error state.
 * @cssprop --spindle-board-column - Minimum width of a card (default 15em).
 *
 * @tagname spindle-status-board
 */
export class SpindleStatusBoardElement extends SpindleElement {
  static override properties = {
    ...SpindleElement.properties,
    machines: {},
    sort: { reflect: true },
    states: {},
  };
  static override styles = [
    ...SpindleElement.styles,
    css`
      /* Type that grows with the screen: read from across a shop floor on a wall screen, still fits a phone. */
      :host > * {
        font-size: var(--spindle-font-size, clamp(14px, 1.15vw, 28px));
      }
      [part='header'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em 1em;
        align-items: baseline;
        justify-content: space-between;
      }
      h2 {
        margin: 0;
        font-size: 1.2em;
      }
      select {
        font: inherit;
        font-size: 0.85em;
      }
      [part='board'] {
        display: grid;
        grid-template-columns: repeat(auto-fill, minmax(min(100%, var(--spindle-board-column, 15em)), 1fr));
        gap: 0.6em;
        margin-top: 0.6em;
      }
      [part='card'] {
        border: 1px solid var(--_border);
        border-left: 0.45em solid var(--_state);
        border-radius: var(--spindle-radius, 8px);
        padding: 0.5em 0.7em;
        cursor: pointer;
        min-width: 0;
      }
      [part='card']:focus-visible {
        outline: 2px solid var(--_accent);
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      [part='state'] {
        font-size: 1.5em;
        font-weight: 700;
        color: var(--_state);
        margin: 0.1em 0;
      }
      .line {
        margin: 0.15em 0;
        overflow-wrap: anywhere;
      }
      .muted {
        color: var(--_muted);
        font-size: 0.85em;
      }
      .RUNNING { --_state: var(--_running); }
      .IDLE { --_state: var(--_idle); }
      .STANDBY { --_state: var(--_standby); }
      .EMERGENCY { --_state: var(--_emergency); }
      .OFFLINE, .NONE { --_state: var(--_offline); }
      .alarm {
        color: var(--_emergency);
      }
    `,
  ];

  /** Machine ids, comma-separated; default every machine the credential opens. */
  declare machines: string | undefined;
  /** `urgency` (the default: emergency, standby, idle, offline, running) or `name`. */
  declare sort: 'urgency' | 'name' | undefined;
  /** Only machines in these states, comma-separated (e.g. `EMERGENCY,IDLE`); default all. */
  declare states: string | undefined;

  protected override get followed(): string | null {
    return null;
  }

  protected readonly loader: Task<readonly unknown[], FleetNow[]> = new Task(this, {
    args: (): readonly unknown[] => [this.spindle, this.machines],
    task: (_args, { signal }) =>
      unlessAborted(signal, async () => {
        const [now] = await Promise.all([
          this.spindle.fleetNow(this.machines ? { machines: this.machines } : {}, { signal }),
          loadLanguage(this.text.locale),
        ]);
        return unwrap(now);
      }),
    onComplete: () => this.emit('spindle-load', { machines: this.machines ?? null }),
    onError: (error) => {
      if (error !== ABORTED) this.emit('spindle-error', errorDetail(error));
    },
  });

  #shown(items: readonly FleetNow[]): FleetNow[] {
    const wanted = this.states ? new Set(this.states.split(',').map((s) => s.trim().toUpperCase())) : null;
    const rank = (m: FleetNow) => URGENCY.indexOf(m.state ?? 'NONE');
    return items
      .filter((m) => !wanted || wanted.has(m.state ?? 'NONE'))
      .sort(
        (a, b) => (this.sort === 'name' ? 0 : rank(a) - rank(b)) || a.name.localeCompare(b.name) || (a.machineId < b.machineId ? -1 : 1),
      );
  }

  #card(m: FleetNow): TemplateResult {
    const fmt = new TimeFormat(this.effectiveLocale, m.timezone);
    const { text } = this;
    const t = text.m;
    const label = m.state ? text.state(stateName(m.state)) : t.board.noData;
    const state = m.state ?? 'NONE';
    const select = () => this.emit('spindle-select', { machine: m.machineId });
    return html`<article
      part="card"
      class=${state}
      data-machine=${m.machineId}
      data-watermark=${m.watermark ?? ''}
      tabindex="0"
      aria-label=${`${m.name}: ${label}`}
      @click=${select}
      @keydown=${(e: KeyboardEvent) => (e.key === 'Enter' || e.key === ' ') && select()}
    >
      <div class="name">${m.name} <span class="muted">${m.machineId}</span></div>
      <div part="state">${label}${m.stateSeconds === null ? nothing : html` <span class="muted">${text.duration(m.stateSeconds)}</span>`}</div>
      <div class="line">${t.program(m.program)}</div>
      ${
        m.alarmCategory
          ? html`<div class="line alarm">${m.alarmCategory}: ${m.alarmCode ?? ''} ${m.alarmDescription ?? ''}</div>`
          : html`<div class="line muted">${t.board.noOpenAlarm}</div>`
      }
      <div class="line">
        ${t.board.today(m.runningShare === null ? null : text.share(m.runningShare), m.availability === null ? null : text.share(m.availability))}
      </div>
      <div class="line muted">
        ${m.watermark ? t.dataThrough(fmt.dateTime(wallClock(m.watermark, m.timezone)), m.timezone) : t.board.notRunYet}
        ${this.isStale(m.watermark ? Date.parse(m.watermark) : null) ? html`<span class="stale" part="stale">${t.stale}</span>` : nothing}
      </div>
    </article>`;
  }

  override render(): TemplateResult {
    const items = this.loader.value;
    const { text } = this;
    const t = text.m;
    const controls = html`<span>
      <label>${t.board.sort}
        <select @change=${(e: Event) => (this.sort = (e.target as HTMLSelectElement).value as 'urgency' | 'name')}>
          <option value="urgency" ?selected=${this.sort !== 'name'}>${t.board.mostUrgent}</option>
          <option value="name" ?selected=${this.sort === 'name'}>${t.board.name}</option>
        </select>
      </label>
      <label>${t.board.show}
        <select @change=${(e: Event) => (this.states = (e.target as HTMLSelectElement).value || undefined)}>
          <option value="" ?selected=${!this.states}>${t.board.all}</option>
          ${STATE_ORDER.map((s) => html`<option value=${s} ?selected=${this.states === s}>${text.state(stateName(s))}</option>`)}
        </select>
      </label>
    </span>`;
    const header = html`<div part="header"><h2>${t.board.heading}</h2>${controls}</div>`;
    if (this.loader.status === TaskStatus.ERROR && this.loader.error !== ABORTED) {
      return html`${header}${errorState(this.loader.error, t, () => this.reload())}`;
    }
    if (!items) return html`${header}<div part="loading" class="muted">${t.loading}</div>`;
    const shown = this.#shown(items);
    if (shown.length === 0) return html`${header}<div part="empty" class="muted">${t.board.noMachine}</div>`;
    return html`${header}<div part="board" role="list">${shown.map((m) => html`<div role="listitem">${this.#card(m)}</div>`)}</div>`;
  }
}
