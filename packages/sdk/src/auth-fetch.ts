/** A bearer token, fetched again with `{ refresh: true }` after a 401. */
export type TokenProvider = (options: { refresh: boolean }) => string | Promise<string>;

export interface TransportOptions {
  headers?: Record<string, string>;
  apiKey?: string;
  token?: TokenProvider;
  /** Keep answers and revalidate them with If-None-Match (304 costs no body). */
  etagCache?: boolean;
  fetch?: typeof globalThis.fetch;
}

interface Cached {
  etag: string;
  body: string;
  headers: [string, string][];
}

/**
 * The fetch the client runs on: adds credentials, retries once with a fresh token
 * after a 401, and (opt-in) revalidates kept answers with their ETag.
 */
export function createTransport(options: TransportOptions): typeof globalThis.fetch {
  const base = options.fetch ?? globalThis.fetch.bind(globalThis);
  const cache = options.etagCache ? new Map<string, Cached>() : null;
  let token: string | undefined;

  const send = async (request: Request, refresh: boolean): Promise<Response> => {
    const headers = new Headers(request.headers);
    for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
    if (options.apiKey) headers.set('X-API-Key', options.apiKey);
    if (options.token) {
      if (token === undefined || refresh) token = await options.token({ refresh });
      headers.set('Authorization', `Bearer ${token}`);
    }
    const key = `${request.url} ${headers.get('Accept') ?? ''}`;
    const kept = cache?.get(key);
    if (kept) headers.set('If-None-Match', kept.etag);
    const response = await base(new Request(request, { headers }));
    if (kept && response.status === 304) return new Response(kept.body, { status: 200, headers: kept.headers });
    const etag = response.headers.get('ETag');
    if (cache && etag && response.ok) {
      const body = await response.clone().text();
      cache.set(key, { etag, body, headers: [...response.headers] });
    }
    return response;
  };

  return async (input, init) => {
    const request = new Request(input, init);
    const response = await send(request.clone(), false);
    if (response.status === 401 && options.token) return send(request, true);
    return response;
  };
}
