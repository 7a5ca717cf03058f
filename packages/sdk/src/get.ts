import type { paths } from './generated/api.js';
import type { Problem } from './result.js';

/** The paths of openapi.yaml that answer a GET. */
export type GetPath = { [P in keyof paths]: paths[P]['get'] extends { responses: unknown } ? P : never }[keyof paths];
type Operation<P extends GetPath> = NonNullable<paths[P]['get']>;
/** The JSON body a GET of `P` answers with 200, as the spec types it. */
export type JsonOf<P extends GetPath> = Operation<P>['responses'][200] extends { content: { 'application/json': infer B } } ? B : never;

export interface GetInit<P extends GetPath> {
  params?: {
    path?: Operation<P>['parameters']['path'];
    query?: Operation<P>['parameters']['query'];
  };
  signal?: AbortSignal;
}

/** A query string of the values that are set, in their order (`?` included), or ''. */
export function queryString(query: Record<string, unknown> | undefined): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== null) search.set(k, String(v));
  const text = search.toString();
  return text ? `?${text}` : '';
}

/**
 * A typed GET of one operation: its path parameters filled in, its JSON parsed.
 * Our own rather than a general OpenAPI client: the SDK only reads, and this is
 * all of it the widgets' first download has to carry.
 */
export async function getJson<P extends GetPath>(
  fetch: typeof globalThis.fetch,
  baseUrl: string,
  path: P,
  init: GetInit<P> = {},
): Promise<{ data?: JsonOf<P>; error?: Problem; response: Response }> {
  const values = (init.params?.path ?? {}) as Record<string, string>;
  const filled = path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
  const query = queryString(init.params?.query as Record<string, unknown> | undefined);
  const response = await fetch(`${baseUrl}${filled}${query}`, { headers: { Accept: 'application/json' }, signal: init.signal });
  const text = await response.text();
  const body: unknown = text === '' ? undefined : parse(text);
  if (!response.ok) return { error: body as Problem | undefined, response };
  // A proxy's login or error page, say: named, rather than an error titled "OK".
  if (body === undefined) {
    const detail = `${response.headers.get('Content-Type') ?? 'no Content-Type'} answered instead`;
    return { error: { type: 'about:blank', title: 'No JSON', status: response.status, detail }, response };
  }
  return { data: body as JsonOf<P>, response };
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
