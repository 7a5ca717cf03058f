import { createSpindleClient, type SpindleClient } from '@spindle/sdk';
import { TaskStatus, type Task } from '@lit/task';
import { LitElement, type PropertyValues } from 'lit';
import { emit, type SpindleEventType } from './events.js';
import { ABORTED } from './load-context.js';
import { themeStyles } from './theme.js';
import { inheritedLang } from './time-format.js';

/**
 * What every `<spindle-*>` element shares: the attributes of the API, machine and
 * range, the client they make (or the one given), periodic refresh, and events
 * that cross shadow roots so a portal can listen on any ancestor. Its loader is
 * aborted when the element leaves the page and runs again when it returns.
 *
 * @cssprop --spindle-background - Background colour.
 * @cssprop --spindle-text-color - Text colour.
 * @cssprop --spindle-muted-color - Colour of secondary text, axes and legends.
 * @cssprop --spindle-border-color - Colour of borders and grid lines.
 * @cssprop --spindle-accent - Colour of single-series charts and focus rings.
 * @cssprop --spindle-danger - Colour of errors and of emergency alarms.
 * @cssprop --spindle-alarm-error - Colour of alarms of category error.
 * @cssprop --spindle-alarm-warning - Colour of alarms of category warning.
 * @cssprop --spindle-running - Colour of running time.
 * @cssprop --spindle-idle - Colour of idle time.
 * @cssprop --spindle-offline - Colour of offline time.
 * @cssprop --spindle-font-family - Font.
 * @cssprop --spindle-font-size - Base font size.
 * @cssprop --spindle-radius - Corner radius of the card.
 * @cssprop --spindle-padding - Padding of the card.
 */
export abstract class SpindleElement extends LitElement {
  static override styles = [themeStyles];
  static override properties = {
    apiUrl: { attribute: 'api-url' },
    machine: {},
    from: {},
    to: {},
    token: {},
    refresh: { type: Number },
    theme: { reflect: true },
    locale: {},
    client: { attribute: false },
  };

  /** Base URL of the Spindle API; default: this page's origin. */
  declare apiUrl: string | undefined;
  /** Machine id. */
  declare machine: string | undefined;
  /** First day `YYYY-MM-DD`; default: 6 days before `to`, or the last 7 days of data. */
  declare from: string | undefined;
  /** Last day `YYYY-MM-DD`, inclusive. */
  declare to: string | undefined;
  /** A signed embed token sent as a bearer token. */
  declare token: string | undefined;
  /** Reload every this many seconds; off when unset or 0. */
  declare refresh: number | undefined;
  /** `light` or `dark`; unset follows `prefers-color-scheme`. */
  declare theme: 'light' | 'dark' | undefined;
  /** Language of dates and times (BCP 47, e.g. `es-ES`); default: the page's `lang`. Times are always 24-hour. */
  declare locale: string | undefined;
  /** A configured SDK client; takes precedence over `api-url` and `token`. */
  declare client: SpindleClient | undefined;

  #made: { key: string; client: SpindleClient } | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;

  /** The client in use: the given one, or one made for `api-url` and `token`. */
  protected get spindle(): SpindleClient {
    if (this.client) return this.client;
    const key = `${this.apiUrl ?? ''}\n${this.token ?? ''}`;
    if (this.#made?.key !== key) {
      const token = this.token;
      this.#made = { key, client: createSpindleClient({ baseUrl: this.apiUrl || undefined, token: token ? () => token : undefined }) };
    }
    return this.#made.client;
  }

  protected abstract readonly loader: Task<readonly unknown[], unknown>;

  /** The locale in use: the attribute, else the nearest `lang` up the page, else the browser's. */
  protected get effectiveLocale(): string | undefined {
    return this.locale || inheritedLang(this);
  }

  /** Loads again (the refresh timer, the retry button). */
  protected reload(): void {
    void this.loader.run();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#schedule();
    if (this.loader.status === TaskStatus.ERROR && this.loader.error === ABORTED) this.reload();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.loader.abort();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('refresh')) this.#schedule();
  }

  #schedule(): void {
    clearInterval(this.#timer);
    this.#timer = this.refresh && this.refresh > 0 && this.isConnected ? setInterval(() => this.reload(), this.refresh * 1000) : undefined;
  }

  protected emit(type: SpindleEventType, detail: unknown): void {
    emit(this, type, detail);
  }
}
