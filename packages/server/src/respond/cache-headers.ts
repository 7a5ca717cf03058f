import type { FastifyReply } from 'fastify';
import vary from 'vary';

/** Adds header names to `Vary`, each once whatever its case. */
export function addVary(reply: FastifyReply, names: readonly string[]): void {
  const current = reply.getHeader('Vary');
  reply.header('Vary', vary.append(current === undefined ? '' : String(current), [...names]));
}

// Spelled as the compression stage spells it, which adds it unless it finds this exact text.
const ENCODING = 'accept-encoding';

/**
 * The caching headers of every answer that carries data, 200 and 304 alike (a
 * 304 must say what its 200 said, RFC 9110 §15.4.5). The ETag is weak: the same
 * answer is sent as identity, gzip or br, which are not byte-for-byte equal, and
 * If-None-Match compares weakly anyway. With access control on, an answer depends
 * on the credential: `private` keeps every shared cache (nginx's proxy_cache,
 * Varnish, a CDN) from serving it to another credential or to none, and Vary
 * names the headers that carry it for caches that key on them.
 */
export function setCacheHeaders(reply: FastifyReply, etag: string, cacheSeconds: number, guarded: boolean): void {
  reply.header('ETag', `W/"${etag}"`);
  reply.header('Cache-Control', `${guarded ? 'private' : 'public'}, max-age=${cacheSeconds}`);
  addVary(reply, guarded ? ['Accept', ENCODING, 'Authorization', 'X-API-Key'] : ['Accept', ENCODING]);
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
export function sendNotModified(reply: FastifyReply): void {
  reply.code(304).send();
}
