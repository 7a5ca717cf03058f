import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { verifyEmbedToken } from './embed-token.js';
import { HttpError } from './http-error.js';

export interface AccessOptions {
  /** API keys with access to every machine. */
  apiKeys?: readonly string[];
  /** Secret of the HS256 embed tokens. */
  tokenSecret?: string;
  /** Requests per minute per credential (default 600). */
  requestsPerMinute?: number;
}

const unauthorized = (detail: string) =>
  new HttpError(401, 'Unauthorized', detail, [], { 'WWW-Authenticate': 'Bearer realm="spindle"' });

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Machines the request may read, or null for all of them. */
export function allowedMachines(res: Response): ReadonlySet<string> | null {
  return (res.locals.allowedMachines as ReadonlySet<string> | undefined) ?? null;
}

/**
 * Optional access control for embedding in other portals (off unless keys or a
 * token secret are configured): an API key opens every machine, an embed token
 * the machines it lists until it expires; each credential has a rate limit.
 */
export function accessControl(options: AccessOptions): RequestHandler | null {
  const keys = (options.apiKeys ?? []).map(digest);
  if (keys.length === 0 && !options.tokenSecret) return null;
  const perMinute = options.requestsPerMinute ?? 600;
  const windows = new Map<string, { start: number; count: number }>();

  return (req, res, next) => {
    if (!req.path.startsWith('/api/')) return next();
    const header = req.get('Authorization');
    const credential = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.get('X-API-Key');
    if (!credential) throw unauthorized('this API needs credentials: `Authorization: Bearer <embed token or API key>` or `X-API-Key`');

    let subject: string;
    const hashed = digest(credential);
    if (keys.some((k) => timingSafeEqual(k, hashed))) subject = `key:${hashed.toString('hex').slice(0, 16)}`;
    else if (options.tokenSecret && credential.includes('.')) {
      const claims = verifyEmbedToken(credential, options.tokenSecret);
      if ('error' in claims) throw unauthorized(`embed token refused: ${claims.error}`);
      res.locals.allowedMachines = new Set(claims.machines);
      subject = `token:${claims.sub ?? hashed.toString('hex').slice(0, 16)}`;
      const id = /^\/api\/v1\/machines\/([^/]+)/.exec(req.path)?.[1];
      if (id !== undefined && !claims.machines.includes(decodeURIComponent(id))) {
        throw new HttpError(403, 'Forbidden', `this token does not open machine "${decodeURIComponent(id)}"`);
      }
    } else throw unauthorized('unknown API key');

    // Fixed one-minute windows per credential: simple, and enough against a runaway page.
    const now = Date.now();
    if (windows.size > 10_000) for (const [k, v] of windows) if (now - v.start >= 60_000) windows.delete(k);
    const w = windows.get(subject);
    if (!w || now - w.start >= 60_000) windows.set(subject, { start: now, count: 1 });
    else if (++w.count > perMinute) {
      const retry = Math.ceil((w.start + 60_000 - now) / 1000);
      throw new HttpError(429, 'Too many requests', `more than ${perMinute} requests per minute with this credential`, [], { 'Retry-After': String(retry) });
    }
    next();
  };
}
