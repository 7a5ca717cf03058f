import { hash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ServedMachine } from '../db/machine-record.js';
import { pathOf } from '../http/request-target.js';
import { ifNoneMatchHas, sendNotModified, setCacheHeaders } from './cache-headers.js';

/**
 * Validators derived from what an answer depends on, not from its bytes: the
 * server build, the request (path, so JSON or CSV, and query) and the version of every
 * machine it reads (its last committed run and its configuration). A matching
 * If-None-Match, or an If-Modified-Since no older than the last run, answers 304
 * before any data table is read. The same request gets the same tag from every
 * process and after a restart, until the ETL commits that machine again.
 * Returns true when it answered.
 */
export function answeredUnchanged(
  req: FastifyRequest,
  reply: FastifyReply,
  machines: readonly ServedMachine[],
  build: string,
  cacheSeconds: number,
): boolean {
  const query = Object.entries(req.query as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const key = [build, pathOf(req.url), JSON.stringify(query), ...machines.map((m) => `${m.id}=${m.version}`)].join('\n');
  const etag = hash('sha1', key, 'base64url');
  const times = machines.map((m) => m.updatedAt?.getTime()).filter((t): t is number => t !== undefined);
  const lastModified = times.length === machines.length && times.length > 0 ? Math.max(...times) : null;
  setCacheHeaders(reply, etag, cacheSeconds, req.credential !== null);
  if (lastModified !== null) reply.header('Last-Modified', new Date(lastModified).toUTCString());
  // How fresh the answer is: the oldest watermark of the machines it reads.
  const watermarks = machines.map((m) => m.watermark?.getTime()).filter((t): t is number => t !== undefined);
  if (watermarks.length === machines.length && watermarks.length > 0)
    reply.header('Spindle-Watermark', new Date(Math.min(...watermarks)).toISOString());
  const ifNoneMatch = req.headers['if-none-match'];
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  // RFC 9110 §13.2.2: If-Modified-Since counts only without If-None-Match; HTTP dates have whole seconds.
  const unchanged = ifNoneMatch
    ? ifNoneMatchHas(ifNoneMatch, `W/"${etag}"`)
    : lastModified !== null && !Number.isNaN(since) && Math.floor(lastModified / 1000) * 1000 <= since;
  if (!unchanged) return false;
  sendNotModified(reply);
  return true;
}
