import { createTransport, type TransportOptions } from './auth-fetch.js';
import type { components, paths } from './generated/api.js';
import { type GetInit, type GetPath, getJson, queryString } from './get.js';
import { networkProblem, SpindleApiError, type Problem, type Result } from './result.js';

type Schemas = components['schemas'];
export type Machine = Schemas['Machine'];
export type Utilization = Schemas['Utilization'];
export type StateInterval = Schemas['StateInterval'];
export type SensorStat = Schemas['SensorStat'];
export type Program = Schemas['Program'];
export type Energy = Schemas['Energy'];
export type AlertDaily = Schemas['AlertDaily'];
export type Alert = Schemas['Alert'];
export type AlertPage = Schemas['AlertPage'];
export type FleetUtilization = Schemas['FleetUtilization'];
export type Downtime = Schemas['Downtime'];
export type FleetDowntime = Schemas['FleetDowntime'];
export type MachineStatus = Schemas['Status'];
export type FleetNow = Schemas['FleetNow'];

/** A `machine` event of the event stream: a commit changed this machine's data. */
export interface MachineEvent {
  /** The event's id, for Last-Event-ID. */
  id: string;
  machineId: string;
  watermark: string | null;
  version: string;
}

/** The events of an SSE body, as they arrive. */
async function* serverSentEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<{ id: string; event: string; data: string }> {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += value.replace(/\r\n?/g, '\n');
      for (let cut = buffer.indexOf('\n\n'); cut >= 0; cut = buffer.indexOf('\n\n')) {
        const fields = new Map<string, string>();
        for (const line of buffer.slice(0, cut).split('\n')) {
          const colon = line.indexOf(':');
          if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).replace(/^ /, ''));
        }
        buffer = buffer.slice(cut + 2);
        const data = fields.get('data');
        if (data !== undefined) yield { id: fields.get('id') ?? '', event: fields.get('event') ?? 'message', data };
      }
    }
  } finally {
    reader.releaseLock();
  }
}

/** A production day, `YYYY-MM-DD` (a plain string; checked when a call is made). */
export type Day = string;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A mistake of the caller, thrown rather than returned as an error result. */
class MisuseError extends TypeError {
  override name = 'TypeError';
}

/** `from` and `to` of a call, checked: a misspelt day is a mistake of the caller, so a TypeError naming it. */
function days(p: { from: Day; to?: Day }): { from: Day; to?: Day } {
  for (const [name, value] of [
    ['from', p.from],
    ['to', p.to],
  ] as const) {
    if (value !== undefined && (typeof value !== 'string' || !DAY.test(value))) {
      throw new MisuseError(`${name} must be a day YYYY-MM-DD, got ${JSON.stringify(value)}`);
    }
  }
  return { from: p.from, to: p.to };
}

export interface ClientOptions extends TransportOptions {
  /** Where the API lives, e.g. `https://spindle.plant.example` (default: same origin in a browser). */
  baseUrl?: string;
}

export interface CallOptions {
  signal?: AbortSignal;
}

interface Range {
  from: Day;
  /** Default: `from`. */
  to?: Day;
}
interface MachineRange extends Range {
  machine: string;
}

/** The query parameters an operation takes, as openapi.yaml declares them (`format` is the SDK's business). */
type QueryOf<P extends keyof paths> = Omit<NonNullable<paths[P]['get']['parameters']['query']>, 'format'>;
/** A machine operation's parameters: the machine, the range as days, and the rest of its query. */
type MachineParams<P extends keyof paths> = MachineRange & Omit<QueryOf<P>, 'from' | 'to'>;

/** The list endpoints a CSV can be downloaded from, with their parameters. */
export type CsvResource =
  | { resource: 'utilization'; params: MachineRange & { by?: 'day' | 'shift' } }
  | { resource: 'states' | 'programs' | 'alerts/daily'; params: MachineRange }
  | { resource: 'sensor-stats'; params: MachineRange & { sensor: string; bucket?: 'hour' | 'day' } }
  | { resource: 'energy'; params: MachineRange & { bucket?: 'hour' | 'day' } }
  | { resource: 'alerts'; params: MachineRange & { category?: string; limit?: number } }
  | { resource: 'downtime'; params: MachineRange & { by?: 'category' | 'code'; bucket?: 'range' | 'day' } };

/**
 * A typed client of the Spindle API (one method per resource of api.md). Every
 * method resolves to `{ data, response }` or `{ error, response? }`; HTTP and
 * network failures are errors, never exceptions.
 */
export function createSpindleClient(options: ClientOptions = {}) {
  if (options.baseUrl !== undefined && !/^https?:\/\//.test(options.baseUrl)) {
    throw new TypeError(`baseUrl must be an http(s) URL, got "${options.baseUrl}"`);
  }
  const fetch = createTransport(options);
  const baseUrl = options.baseUrl ?? '';
  const get = <P extends GetPath>(path: P, init?: GetInit<P>) => getJson(fetch, baseUrl, path, init);

  async function call<T>(run: () => Promise<{ data?: T; error?: Problem; response: Response }>): Promise<Result<T>> {
    try {
      const { data, error, response } = await run();
      if (error !== undefined || !response.ok || data === undefined)
        return { error: error ?? { type: 'about:blank', title: response.statusText, status: response.status }, response };
      return { data, response };
    } catch (cause) {
      if (cause instanceof MisuseError) throw cause;
      return { error: networkProblem(cause) };
    }
  }

  const client = {
    machines: (o: CallOptions = {}) => call(async () => unwrap(await get('/api/v1/machines', { signal: o.signal }))),

    utilization: (p: MachineParams<'/api/v1/machines/{id}/utilization'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await get('/api/v1/machines/{id}/utilization', {
            params: { path: { id: p.machine }, query: { ...days(p), by: p.by } },
            signal: o.signal,
          }),
        ),
      ),

    states: (p: MachineParams<'/api/v1/machines/{id}/states'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await get('/api/v1/machines/{id}/states', {
            params: { path: { id: p.machine }, query: { ...days(p) } },
            signal: o.signal,
          }),
        ),
      ),

    sensorStats: (p: MachineParams<'/api/v1/machines/{id}/sensor-stats'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await get('/api/v1/machines/{id}/sensor-stats', {
            params: { path: { id: p.machine }, query: { ...days(p), sensor: p.sensor, bucket: p.bucket } },
            signal: o.signal,
          }),
        ),
      ),

    programs: (p: MachineParams<'/api/v1/machines/{id}/programs'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await get('/api/v1/machines/{id}/programs', {
            params: { path: { id: p.machine }, query: { ...days(p) } },
            signal: o.signal,
          }),
        ),
      ),

    energy: (p: MachineParams<'/api/v1/machines/{id}/energy'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await get('/api/v1/machines/{id}/energy', {
            params: { path: { id: p.machine }, query: { ...days(p), bucket: p.bucket } },
            signal: o.signal,
          }),
        ),
      ),

    alertsDaily: (p: MachineParams<'/api/v1/machines/{id}/alerts/daily'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await get('/api/v1/machines/{id}/alerts/daily', {
            params: { path: { id: p.machine }, query: { ...days(p) } },
            signal: o.signal,
          }),
        ),
      ),

    /** One page of alerts, newest first; `next` is set when there are more. */
    alerts: (p: MachineParams<'/api/v1/machines/{id}/alerts'>, o: CallOptions = {}) =>
      call(async () =>
        get('/api/v1/machines/{id}/alerts', {
          params: { path: { id: p.machine }, query: { ...days(p), category: p.category, limit: p.limit, cursor: p.cursor } },
          signal: o.signal,
        }),
      ),

    /** Every alert of the range, following `next` page after page; throws SpindleApiError on an error. */
    async *iterateAlerts(p: Omit<MachineParams<'/api/v1/machines/{id}/alerts'>, 'cursor'>, o: CallOptions = {}): AsyncGenerator<Alert> {
      let cursor: string | undefined;
      do {
        const page = await client.alerts({ ...p, cursor }, o);
        if (page.error) throw new SpindleApiError(page.error);
        yield* page.data.items;
        cursor = page.data.next === null ? undefined : (new URL(page.data.next, 'http://next').searchParams.get('cursor') ?? undefined);
      } while (cursor !== undefined);
    },

    /** Idle, standby and emergency time by the alarm that caused it: a Pareto over the range, or per day. */
    downtime: (p: MachineParams<'/api/v1/machines/{id}/downtime'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await get('/api/v1/machines/{id}/downtime', {
            params: { path: { id: p.machine }, query: { ...days(p), by: p.by, bucket: p.bucket } },
            signal: o.signal,
          }),
        ),
      ),

    fleetUtilization: (p: Range & Omit<QueryOf<'/api/v1/fleet/utilization'>, 'from' | 'to'>, o: CallOptions = {}) =>
      call(async () => unwrap(await get('/api/v1/fleet/utilization', { params: { query: { ...p, ...days(p) } }, signal: o.signal }))),

    fleetDowntime: (p: Range & Omit<QueryOf<'/api/v1/fleet/downtime'>, 'from' | 'to'>, o: CallOptions = {}) =>
      call(async () => unwrap(await get('/api/v1/fleet/downtime', { params: { query: { ...p, ...days(p) } }, signal: o.signal }))),

    status: (o: CallOptions = {}) => call(async () => unwrap(await get('/api/v1/status', { signal: o.signal }))),

    /** What each machine is doing at its watermark: state and since when, program, worst open alarm, the day's share. */
    fleetNow: (p: { machines?: string } = {}, o: CallOptions = {}) =>
      call(async () => unwrap(await get('/api/v1/fleet/now', { params: { query: p }, signal: o.signal }))),

    /**
     * The event stream, with the client's credentials: yields each `machine` event
     * until `signal` aborts or the server ends the stream (reconnect with the last
     * id then). Throws SpindleApiError when the stream is refused, and when what
     * answers is no event stream (a proxy that does not pass one through).
     */
    async *events(o: CallOptions & { lastEventId?: string; onOpen?: () => void } = {}): AsyncGenerator<MachineEvent> {
      const init: RequestInit & { cache?: string } = {
        headers: { Accept: 'text/event-stream', ...(o.lastEventId ? { 'Last-Event-ID': o.lastEventId } : {}) },
        signal: o.signal,
        cache: 'no-store',
      };
      const response = await fetch(`${baseUrl}/api/v1/events`, init);
      if (!response.ok || !response.body || !(response.headers.get('Content-Type') ?? '').startsWith('text/event-stream')) {
        const problem = response.ok
          ? {
              type: 'about:blank',
              title: 'No event stream',
              status: response.status,
              detail: `${response.headers.get('Content-Type')} answered instead`,
            }
          : (((await response.json().catch(() => null)) as Problem | null) ?? {
              type: 'about:blank',
              title: response.statusText,
              status: response.status,
            });
        await response.body?.cancel();
        throw new SpindleApiError(problem);
      }
      o.onOpen?.();
      for await (const e of serverSentEvents(response.body)) {
        if (e.event === 'machine') yield { id: e.id, ...(JSON.parse(e.data) as Omit<MachineEvent, 'id'>) };
      }
    },

    /** A list as CSV text (a header row, one row per item), for spreadsheets and BI tools. */
    csv: async ({ resource, params }: CsvResource, o: CallOptions = {}): Promise<Result<string>> => {
      const { machine, ...query } = params;
      const url = `${baseUrl}/api/v1/machines/${encodeURIComponent(machine)}/${resource}.csv${queryString(query)}`;
      try {
        const response = await fetch(url, { headers: { Accept: 'text/csv' }, signal: o.signal });
        if (!response.ok) return { error: (await response.json()) as Problem, response };
        return { data: await response.text(), response };
      } catch (cause) {
        return { error: networkProblem(cause) };
      }
    },
  };
  return client;
}

export type SpindleClient = ReturnType<typeof createSpindleClient>;

/** Lists answer `{ items }`; the methods hand out the items, typed as the spec types them. */
function unwrap<I, E>(r: { data?: { items: I[] }; error?: E; response: Response }) {
  return { data: r.data?.items, error: r.error, response: r.response };
}
