import { createSpindleClient, type SpindleClient } from '@spindle/sdk';
import { TaskStatus, type Task } from '@lit/task';
import { LitElement, type PropertyValues } from 'lit';
import { emit, type SpindleEventDetail, type SpindleEventType } from './events.js';
import { ABORTED } from './load-context.js';
import { type Delivery, PageContext } from './page-context.js';
import { themeStyles } from './theme.js';
import { loadLanguage } from '../i18n/languages.js';
import { textFor, type Text } from '../i18n/text.js';
import { inheritedLang, supportedLocale } from './time-format.js';

/**
 * What every `<spindle-*>` element shares: the attributes of the API, machine and
 * range, the client they make (or the one given), periodic refresh, and events
 * that cross shadow roots so a portal can listen on any ancestor. Its loader is
 * aborted when the element leaves the page and runs again when it returns.
 *
 * @fires spindle-stream - How new data arrives changed: `detail`: `{ delivery: 'live' | 'polling', reason }` (polling when the event stream is refused).
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
    staleAfter: { type: Number, attribute: 'stale-after' },
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
  /**
   * Live updates: set, the element follows the page's event stream and loads again
   * when its machine's data changes; this many seconds is how often it polls when
   * the stream is refused. Off when unset or 0.
   */
  declare refresh: number | undefined;
  /** Seconds after which data counts as stale, marked by a badge beside its freshness (default 900). */
  declare staleAfter: number | undefined;
  /** `light` or `dark`; unset follows `prefers-color-scheme`. */
  declare theme: 'light' | 'dark' | undefined;
  /**
   * Language of words, numbers, dates and times (BCP 47, e.g. `es-ES`); default:
   * the page's `lang`. English, German, Spanish and French ship; others can be
   * added with `defineLanguage`. Times are always 24-hour.
   */
  declare locale: string | undefined;
  /** A configured SDK client; takes precedence over `api-url` and `token`. */
  declare client: SpindleClient | undefined;

  #made: { key: string; client: SpindleClient } | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;
  /** How new data reaches this element now. */
  protected delivery: Delivery = 'connecting';

  /** The client in use: the given one, or one made for `api-url` and `token`. */
  protected get spindle(): SpindleClient {
    if (this.client) return this.client;
    const key = this.#pageKey();
    if (this.#made?.key !== key) {
      const token = this.token;
      // A path (`/spindle`) is this page's origin's: the SDK takes absolute URLs.
      const baseUrl = this.apiUrl ? new URL(this.apiUrl, document.baseURI).href.replace(/\/$/, '') : undefined;
      // no-cache: every load revalidates (a 304 when nothing changed), never reuses an answer younger than its max-age.
      this.#made = { key, client: createSpindleClient({ baseUrl, token: token ? () => token : undefined, cache: 'no-cache' }) };
    }
    return this.#made.client;
  }

  #pageKey(): string {
    return this.client ? `client:${clientId(this.client)}` : `${this.apiUrl ?? ''}\n${this.token ?? ''}`;
  }

  /** What the elements on this page that read the same API with the same credential share. */
  protected get page(): PageContext {
    return PageContext.of(this.#pageKey(), this.spindle);
  }

  /** Whether data whose watermark is `watermark` (epoch ms) is older than `stale-after` allows. */
  protected isStale(watermark: number | null): boolean {
    return watermark !== null && Date.now() - watermark > (this.staleAfter ?? 900) * 1000;
  }

  /** The machine whose events reload this element; null for every machine. */
  protected get followed(): string | null {
    return this.machine ?? null;
  }

  protected abstract readonly loader: Task<readonly unknown[], unknown>;

  /** The locale in use: the attribute, else the nearest `lang` up the page, else the browser's. */
  protected get effectiveLocale(): string | undefined {
    return this.locale || inheritedLang(this);
  }

  /** Words and numbers in the locale in use. */
  protected get text(): Text {
    return textFor(supportedLocale(this.effectiveLocale));
  }

  /** Loads again (the refresh timer, the retry button). */
  protected reload(): void {
    void this.loader.run();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // Loading and error states speak the language too, once its words have arrived.
    void loadLanguage(this.text.locale)?.then(() => this.requestUpdate());
    this.#schedule();
    // A load aborted on leaving may not have settled yet when the element is back.
    const aborted = this.#leftLoading || (this.loader.status === TaskStatus.ERROR && this.loader.error === ABORTED);
    this.#leftLoading = false;
    if (aborted) this.reload();
  }

  #leftLoading = false;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#leftLoading = this.loader.status === TaskStatus.PENDING;
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.loader.abort();
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('refresh') || changed.has('apiUrl') || changed.has('token') || changed.has('client') || changed.has('machine'))
      this.#schedule();
  }

  #schedule(): void {
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    const live = !!this.refresh && this.refresh > 0 && this.isConnected;
    if (!live) return;
    this.#unsubscribe = this.page.subscribe({
      machine: this.followed,
      onData: () => this.reload(),
      onDelivery: (delivery, reason) => {
        const was = this.delivery;
        this.delivery = delivery;
        if (delivery === 'polling' && was !== 'polling') this.emit('spindle-stream', { delivery, reason });
        if (delivery === 'live' && was !== 'live') {
          this.emit('spindle-stream', { delivery, reason });
          // What changed while the stream was away.
          if (was === 'polling') this.reload();
        }
      },
    });
    // While the stream is live, the timer only re-reads the clock (a stale badge); otherwise it polls.
    this.#timer = setInterval(() => (this.delivery === 'live' ? this.requestUpdate() : this.reload()), this.refresh! * 1000);
  }

  protected emit<T extends SpindleEventType>(type: T, detail: SpindleEventDetail[T]): void {
    emit(this, type, detail);
  }
}

const ids = new WeakMap<SpindleClient, number>();
let nextId = 0;
/** A number per client object, for the key of its page context. */
function clientId(client: SpindleClient): number {
  let id = ids.get(client);
  if (id === undefined) {
    id = nextId++;
    ids.set(client, id);
  }
  return id;
}
