import createFetchClient from 'openapi-fetch';
import { createTransport, type TransportOptions } from './auth-fetch.js';
import type { components, paths } from './generated/api.js';
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
  const api = createFetchClient<paths>({ baseUrl: options.baseUrl ?? '', fetch });

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
    machines: (o: CallOptions = {}) => call(async () => unwrap(await api.GET('/api/v1/machines', { signal: o.signal }))),

    utilization: (p: MachineParams<'/api/v1/machines/{id}/utilization'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await api.GET('/api/v1/machines/{id}/utilization', {
            params: { path: { id: p.machine }, query: { ...days(p), by: p.by } },
            signal: o.signal,
          }),
        ),
      ),

    states: (p: MachineParams<'/api/v1/machines/{id}/states'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await api.GET('/api/v1/machines/{id}/states', {
            params: { path: { id: p.machine }, query: { ...days(p) } },
            signal: o.signal,
          }),
        ),
      ),

    sensorStats: (p: MachineParams<'/api/v1/machines/{id}/sensor-stats'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await api.GET('/api/v1/machines/{id}/sensor-stats', {
            params: { path: { id: p.machine }, query: { ...days(p), sensor: p.sensor, bucket: p.bucket } },
            signal: o.signal,
          }),
        ),
      ),

    programs: (p: MachineParams<'/api/v1/machines/{id}/programs'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await api.GET('/api/v1/machines/{id}/programs', {
            params: { path: { id: p.machine }, query: { ...days(p) } },
            signal: o.signal,
          }),
        ),
      ),

    energy: (p: MachineParams<'/api/v1/machines/{id}/energy'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await api.GET('/api/v1/machines/{id}/energy', {
            params: { path: { id: p.machine }, query: { ...days(p), bucket: p.bucket } },
            signal: o.signal,
          }),
        ),
      ),

    alertsDaily: (p: MachineParams<'/api/v1/machines/{id}/alerts/daily'>, o: CallOptions = {}) =>
      call(async () =>
        unwrap(
          await api.GET('/api/v1/machines/{id}/alerts/daily', {
            params: { path: { id: p.machine }, query: { ...days(p) } },
            signal: o.signal,
          }),
        ),
      ),

    /** One page of alerts, newest first; `next` is set when there are more. */
    alerts: (p: MachineParams<'/api/v1/machines/{id}/alerts'>, o: CallOptions = {}) =>
      call(async () =>
        api.GET('/api/v1/machines/{id}/alerts', {
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
          await api.GET('/api/v1/machines/{id}/downtime', {
            params: { path: { id: p.machine }, query: { ...days(p), by: p.by, bucket: p.bucket } },
            signal: o.signal,
          }),
        ),
      ),

    fleetUtilization: (p: Range & Omit<QueryOf<'/api/v1/fleet/utilization'>, 'from' | 'to'>, o: CallOptions = {}) =>
      call(async () => unwrap(await api.GET('/api/v1/fleet/utilization', { params: { query: { ...p, ...days(p) } }, signal: o.signal }))),

    fleetDowntime: (p: Range & Omit<QueryOf<'/api/v1/fleet/downtime'>, 'from' | 'to'>, o: CallOptions = {}) =>
      call(async () => unwrap(await api.GET('/api/v1/fleet/downtime', { params: { query: { ...p, ...days(p) } }, signal: o.signal }))),

    status: (o: CallOptions = {}) => call(async () => unwrap(await api.GET('/api/v1/status', { signal: o.signal }))),

    /** A list as CSV text (a header row, one row per item), for spreadsheets and BI tools. */
    csv: async ({ resource, params }: CsvResource, o: CallOptions = {}): Promise<Result<string>> => {
      const { machine, ...query } = params;
      const search = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined) search.set(k, String(v));
      const url = `${options.baseUrl ?? ''}/api/v1/machines/${encodeURIComponent(machine)}/${resource}.csv?${search}`;
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
