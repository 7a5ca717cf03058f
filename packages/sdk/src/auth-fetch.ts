/** A bearer token, fetched again with `{ refresh: true }` after a 401. */
export type TokenProvider = (options: { refresh: boolean }) => string | Promise<string>;

export interface TransportOptions {
  headers?: Record<string, string>;
  apiKey?: string;
  token?: TokenProvider;
  /** Keep answers and revalidate them with If-None-Match (304 costs no body). */
  etagCache?: boolean;
  /** The browser cache mode of every request: `no-cache` revalidates each time (a 304 when nothing changed) instead of reusing an answer younger than its max-age. */
  cache?: 'default' | 'no-store' | 'reload' | 'no-cache' | 'force-cache' | 'only-if-cached';
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
  const provider = options.token;
  // One token at a time, shared by every call: concurrent calls wait on the same
  // fetch, and a 401 refreshes it once, however many calls saw the stale one.
  let current: Promise<string> | undefined;
  const tokenAfter = (stale: Promise<string> | undefined, provide: TokenProvider): Promise<string> => {
    if (current === undefined || (stale !== undefined && current === stale)) {
      const refresh = stale !== undefined;
      const fetched = Promise.resolve().then(() => provide({ refresh }));
      current = fetched;
      // A failed fetch is not kept: the next call asks again.
      fetched.catch(() => {
        if (current === fetched) current = undefined;
      });
    }
    return current;
  };

  const send = async (request: Request, stale?: Promise<string>): Promise<{ response: Response; used?: Promise<string> }> => {
    const headers = new Headers(request.headers);
    for (const [k, v] of Object.entries(options.headers ?? {})) headers.set(k, v);
    if (options.apiKey) headers.set('X-API-Key', options.apiKey);
    const used = provider ? tokenAfter(stale, provider) : undefined;
    if (used) headers.set('Authorization', `Bearer ${await used}`);
    const key = `${request.url} ${headers.get('Accept') ?? ''}`;
    const kept = cache?.get(key);
    if (kept) headers.set('If-None-Match', kept.etag);
    const init: RequestInit & { cache?: string } = { headers, ...(options.cache ? { cache: options.cache } : {}) };
    const response = await base(new Request(request, init));
    if (kept && response.status === 304) return { response: new Response(kept.body, { status: 200, headers: kept.headers }), used };
    const etag = response.headers.get('ETag');
    if (cache && etag && response.ok) {
      const body = await response.clone().text();
      cache.set(key, { etag, body, headers: [...response.headers] });
    }
    return { response, used };
  };

  return async (input, init) => {
    const request = new Request(input, init);
    const first = await send(request.clone());
    if (first.response.status === 401 && first.used) return (await send(request, first.used)).response;
    return first.response;
  };
}
