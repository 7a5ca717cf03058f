import type { StateInterval } from '@spindle/sdk';
import { html } from 'lit';
import { SpindleChartElement, type Loaded } from '../internal/chart-element.js';
import { wallClock } from '@spindle/core';
import { shares } from '../internal/shares.js';
import { unwrap, type LoadContext } from '../internal/load-context.js';
import type { ChartTheme } from '../internal/theme.js';
import { stateName, STATES } from '../specs/states.js';
import { BRUSH, timelineSpec, type TimelineRow } from '../specs/timeline-spec.js';

const MIN_WINDOW = 15 * 60_000;

/**
 * The state timeline (Gantt) of one machine, in the machine's local time. Drag
 * across the chart to zoom to a window; the buttons zoom, pan and reset by keyboard.
 *
 * @csspart controls - The zoom and pan buttons.
 *
 * @tagname spindle-state-timeline
 */
export class SpindleStateTimelineElement extends SpindleChartElement<TimelineRow[]> {
  protected get heading(): string {
    return this.text.m.timeline.heading;
  }
  /** The visible window in wall-clock ms; unset shows the whole range. */
  #window: [number, number] | undefined;

  protected async load({ client, machine, from, to, signal, fmt, text }: LoadContext): Promise<TimelineRow[]> {
    this.#window = undefined;
    const items: StateInterval[] = unwrap(await client.states({ machine: machine!.id, from, to }, { signal }));
    const zone = machine!.timezone;
    return items.map((s) => {
      const start = wallClock(s.start, zone);
      const end = wallClock(s.end, zone);
      const seconds = (Date.parse(s.end) - Date.parse(s.start)) / 1000;
      return {
        start,
        end,
        state: stateName(s.state),
        from: fmt.dateTime(start),
        to: fmt.dateTime(end),
        duration: text.duration(seconds),
        seconds,
      };
    });
  }

  protected isEmpty(rows: TimelineRow[]): boolean {
    return rows.length === 0;
  }

  #full(rows: TimelineRow[]): [number, number] {
    return [rows[0]!.start, rows.at(-1)!.end];
  }

  protected spec({ data, ctx }: Loaded<TimelineRow[]>, theme: ChartTheme) {
    return timelineSpec(data, this.#window ?? this.#full(data), theme, ctx.fmt, ctx.text);
  }

  protected override interactions() {
    return { onInterval: { name: BRUSH, handler: (range: [number, number]) => this.zoomTo(range) } };
  }

  /** Shows only `[start, end]` (wall-clock ms of the machine's zone). */
  zoomTo([start, end]: [number, number]): void {
    const rows = this.loader.value?.data;
    if (!rows?.length) return;
    const [lo, hi] = this.#full(rows);
    const width = Math.min(hi - lo, Math.max(MIN_WINDOW, end - start));
    const from = Math.min(Math.max(lo, start), hi - width);
    this.#window = [from, from + width];
    this.redraw();
  }

  #zoom(factor: number, shift = 0): void {
    const rows = this.loader.value?.data;
    if (!rows?.length) return;
    const [start, end] = this.#window ?? this.#full(rows);
    const width = end - start;
    const centre = start + width / 2 + shift * width;
    this.zoomTo([centre - (width * factor) / 2, centre + (width * factor) / 2]);
  }

  protected override above({ ctx }: Loaded<TimelineRow[]>) {
    const t = ctx.text.m.timeline;
    return html`<div part="controls" role="toolbar" aria-label=${t.toolbar}>
      <button @click=${() => this.#zoom(0.5)} aria-label=${t.zoomIn}>+</button>
      <button @click=${() => this.#zoom(2)} aria-label=${t.zoomOut}>−</button>
      <button @click=${() => this.#zoom(1, -0.5)} aria-label=${t.earlier}>←</button>
      <button @click=${() => this.#zoom(1, 0.5)} aria-label=${t.later}>→</button>
      <button @click=${() => {
        this.#window = undefined;
        this.redraw();
      }}>${t.reset}</button>
    </div>`;
  }

  protected describe({ data, ctx }: Loaded<TimelineRow[]>) {
    const { text } = ctx;
    const { m } = text;
    const seconds = (rows: TimelineRow[]) => rows.reduce((s, r) => s + r.seconds, 0);
    const present = STATES.filter((state) => data.some((r) => r.state === state));
    const percents = shares(present.map((state) => seconds(data.filter((r) => r.state === state))));
    const share = present.map((state, i) => `${m.stateInText[state]} ${text.wholePercent(percents[i]!)}`);
    return {
      summary: m.timeline.summary(data.length, data[0]!.from, data.at(-1)!.to, share.join(', ')),
      columns: [m.state, m.from, m.to, m.duration],
      rows: data.map((r) => [text.state(r.state), r.from, r.to, r.duration]),
    };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'spindle-state-timeline': SpindleStateTimelineElement;
  }
}
