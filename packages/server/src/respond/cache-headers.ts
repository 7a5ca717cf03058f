import type { ServerResponse } from 'node:http';
import vary from 'vary';

/**
 * The caching headers of every answer that carries data, 200 and 304 alike (a
 * 304 must say what its 200 said, RFC 9110 §15.4.5). The ETag is weak: the same
 * answer is sent as identity, gzip or br, which are not byte-for-byte equal, and
 * If-None-Match compares weakly anyway. With access control on, an answer depends
 * on the credential: `private` keeps every shared cache (nginx's proxy_cache,
 * Varnish, a CDN) from serving it to another credential or to none, and Vary
 * names the headers that carry it for caches that key on them.
 */
export function setCacheHeaders(res: ServerResponse, etag: string, cacheSeconds: number, guarded: boolean): void {
  res.setHeader('ETag', `W/"${etag}"`);
  res.setHeader('Cache-Control', `${guarded ? 'private' : 'public'}, max-age=${cacheSeconds}`);
  vary(res, guarded ? ['Accept', 'Accept-Encoding', 'Authorization', 'X-API-Key'] : ['Accept', 'Accept-Encoding']);
}

/**
 * RFC 9110 §13.1.2, weak comparison. Evaluated even with `Cache-Control: no-cache`,
 * which fetch() adds to every request that carries If-None-Match: the origin is the
 * one revalidating, so the condition still holds.
 */
export function ifNoneMatchHas(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  if (ifNoneMatch.trim() === '*') return true;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** Ends a response as 304 Not Modified: no body, the validators and caching headers already set. */
export function sendNotModified(res: ServerResponse): void {
  res.statusCode = 304;
  res.end();
}
