import type { IncomingMessage } from 'node:http';

// RFC 9112 §3.2.2: a request line may carry the absolute form, `http://host/path?query`.
const AUTHORITY = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/** The origin form of a request target (`/path?query`): the absolute form loses its scheme and authority. */
export function originForm(url: string): string {
  if (url.startsWith('/')) return url;
  const authority = AUTHORITY.exec(url);
  return authority ? url.slice(authority[0].length) || '/' : url;
}

/** The path of a request target, percent-escapes kept, without the query. */
export function pathOf(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

/**
 * Where a connect-style app (express, connect) mounted the server: it strips its
 * mount path from `url` and keeps the whole target in `originalUrl`. '' when the
 * server is not mounted. Links and redirects that leave the current path start with it.
 */
export function mountPath(req: IncomingMessage): string {
  const original = (req as IncomingMessage & { originalUrl?: unknown }).originalUrl;
  if (typeof original !== 'string' || req.url === undefined) return '';
  const path = pathOf(originForm(original));
  const rest = pathOf(req.url);
  return path.endsWith(rest) ? path.slice(0, path.length - rest.length) : '';
}
