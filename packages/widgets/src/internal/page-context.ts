import { type Machine, type MachineStatus, SpindleApiError, type SpindleClient } from '@spindle/sdk';
import { unwrap } from './load-context.js';

/** How a page hears of new data: the event stream, or (the stream refused) each element's own `refresh` timer. */
export type Delivery = 'connecting' | 'live' | 'polling';

interface Listener {
  /** The machine an element shows, or null for every machine. */
  machine: string | null;
  onData(): void;
  onDelivery(delivery: Delivery, reason: string | null): void;
}

// A shared answer is reused this long: elements that load together make one request.
const SHARED_MS = 2000;
// How long after a refused stream it is asked for again.
const REFUSED_RETRY_MS = 60_000;

/**
 * What every element on a page that reads one API with one credential shares:
 * one `/machines`, one `/status` and one event stream, whatever the number of
 * elements. An event reloads only the elements of its machine (and the fleet's).
 * When the stream is refused (a proxy that does not pass one, a server at its
 * limit), the elements poll on their `refresh` timer, and are told so.
 */
export class PageContext {
  static readonly #pages = new Map<string, PageContext>();

  /** The context of one API and credential (`key`), made on first use. */
  static of(key: string, client: SpindleClient): PageContext {
    let page = PageContext.#pages.get(key);
    if (!page) {
      page = new PageContext(client);
      PageContext.#pages.set(key, page);
    }
    return page;
  }

  #machines: Shared<Machine[]> | undefined;
  #status: Shared<MachineStatus[]> | undefined;
  readonly #listeners = new Set<Listener>();
  #stream: AbortController | undefined;
  #lastEventId: string | undefined;
  delivery: Delivery = 'connecting';
  #reason: string | null = null;

  private constructor(readonly client: SpindleClient) {}

  /** The machines, one request for every element that asks at once; `signal` is the asking element's. */
  machines(signal: AbortSignal): Promise<Machine[]> {
    this.#machines = this.#fresh(this.#machines, (s) => this.client.machines({ signal: s }).then(unwrap));
    return this.#machines.wait(signal);
  }

  status(signal: AbortSignal): Promise<MachineStatus[]> {
    this.#status = this.#fresh(this.#status, (s) => this.client.status({ signal: s }).then(unwrap));
    return this.#status.wait(signal);
  }

  #fresh<T>(kept: Shared<T> | undefined, load: (signal: AbortSignal) => Promise<T>): Shared<T> {
    if (kept && !kept.failed && Date.now() - kept.at < SHARED_MS) return kept;
    return new Shared(load);
  }

  #forget(): void {
    this.#machines = undefined;
    this.#status = undefined;
  }

  /** Hears of new data of `listener.machine`; the first listener opens the stream, the last closes it. */
  subscribe(listener: Listener): () => void {
    this.#listeners.add(listener);
    listener.onDelivery(this.delivery, this.#reason);
    if (!this.#stream) void this.#listen();
    return () => {
      this.#listeners.delete(listener);
      // A moment's grace: an element that re-subscribes (new attributes, moved in the page) keeps the stream.
      if (this.#listeners.size === 0)
        setTimeout(() => {
          if (this.#listeners.size > 0) return;
          this.#stream?.abort();
          this.#stream = undefined;
        }, 1000);
    };
  }

  #deliver(delivery: Delivery, reason: string | null): void {
    if (delivery === this.delivery && reason === this.#reason) return;
    this.delivery = delivery;
    this.#reason = reason;
    for (const l of this.#listeners) l.onDelivery(delivery, reason);
  }

  async #listen(): Promise<void> {
    const abort = new AbortController();
    this.#stream = abort;
    let failures = 0;
    while (!abort.signal.aborted) {
      try {
        const opened = () => {
          failures = 0;
          this.#deliver('live', null);
        };
        for await (const event of this.client.events({ signal: abort.signal, lastEventId: this.#lastEventId, onOpen: opened })) {
          this.#lastEventId = event.id;
          this.#forget();
          for (const l of [...this.#listeners]) if (l.machine === null || l.machine === event.machineId) l.onData();
        }
      } catch (error) {
        if (abort.signal.aborted) return;
        if (error instanceof SpindleApiError) {
          // Refused (a proxy that passes no stream, a server at its limit): the elements poll, and the
          // stream is asked for again in a minute, not at once.
          this.#deliver('polling', `${error.problem.title}${error.problem.detail ? `: ${error.problem.detail}` : ''}`);
          await pause(REFUSED_RETRY_MS, abort.signal);
          continue;
        }
        failures++;
      }
      if (abort.signal.aborted) return;
      // The server ended the stream (its lifetime), or the network dropped it: back, with the last id.
      // Until it is back, the elements poll.
      if (failures > 0) this.#deliver('polling', 'the event stream dropped; reconnecting');
      await pause(Math.min(1000 * 2 ** failures, 30_000), abort.signal);
    }
  }
}

/** Waits `ms`, or less when `signal` aborts. */
function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

/**
 * One request that several elements wait on: it is aborted when every element
 * waiting on it has left (aborted its own signal), and a failed one is not reused.
 */
class Shared<T> {
  readonly at = Date.now();
  failed = false;
  readonly #abort = new AbortController();
  readonly #value: Promise<T>;
  #waiting = 0;

  constructor(load: (signal: AbortSignal) => Promise<T>) {
    this.#value = load(this.#abort.signal);
    this.#value.catch(() => {
      this.failed = true;
    });
  }

  wait(signal: AbortSignal): Promise<T> {
    this.#waiting++;
    const leave = () => {
      if (--this.#waiting > 0) return;
      // Failed at once, not when the rejection settles: an element that comes back
      // in between (removed and appended again) must get a request of its own.
      this.failed = true;
      this.#abort.abort();
    };
    signal.addEventListener('abort', leave, { once: true });
    return this.#value.finally(() => signal.removeEventListener('abort', leave));
  }
}
