import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * One request and its response as the API's front door sees them, on plain
 * node:http: express serves only the pages, so an API request, a 304 above all,
 * pays for nothing it does not use.
 */
export interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** The path as sent, percent-escapes kept, without the query. */
  readonly path: string;
  /** The query string after `?`, as sent ('' when none). */
  readonly search: string;
  /** The machines the credential opens, or null for every machine (set by access control). */
  allowedMachines: ReadonlySet<string> | null;
  /** What opened the request: an API key, an embed token, or null with access control off. */
  credential: 'key' | 'token' | null;
  /** The operation's route template for metrics (`/api/v1/machines/:id/energy`), once one matched. */
  route: string | null;
}

// RFC 9112 §3.2.2: a request line may carry the absolute form, `http://host/path?query`.
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

export function exchangeOf(req: IncomingMessage, res: ServerResponse): Exchange {
  let url = req.url ?? '/';
  const authority = url.startsWith('/') ? null : AUTHORITY.exec(url);
  if (authority) url = url.slice(authority[0].length) || '/';
  const q = url.indexOf('?');
  return {
    req,
    res,
    path: q < 0 ? url : url.slice(0, q),
    search: q < 0 ? '' : url.slice(q + 1),
    allowedMachines: null,
    credential: null,
    route: null,
  };
}

/** A request header's value; repeated headers joined as node joins them. */
export function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name.toLowerCase()];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Ends the response with a JSON body. */
export function sendJson(res: ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8'): void {
  const payload = JSON.stringify(body);
  res.statusCode = status;
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', Buffer.byteLength(payload));
  res.end(payload);
}
