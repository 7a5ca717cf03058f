import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler, Response } from 'express';
import { verifyEmbedToken } from './embed-token.js';
import { FixedWindowCounter } from './fixed-window.js';
import { HttpError } from '../respond/http-error.js';

export interface AccessOptions {
  /** API keys with access to every machine. */
  apiKeys?: readonly string[];
  /** Secret of the HS256 embed tokens. */
  tokenSecret?: string;
  /** Requests per minute per credential (default 600). */
  requestsPerMinute?: number;
  /** Failed authentications per minute per client address before it gets 429 (default 30). */
  authFailuresPerMinute?: number;
}

const unauthorized = (detail: string) => new HttpError(401, 'Unauthorized', detail, [], { 'WWW-Authenticate': 'Bearer realm="spindle"' });

const tooMany = (detail: string, retryAfter: number) =>
  new HttpError(429, 'Too many requests', detail, [], { 'Retry-After': String(retryAfter) });

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * What anyone may fetch: health checks, the spec, Swagger UI, the dashboard and
 * the widgets bundle. Exact, case-sensitive spellings (routing is case-sensitive
 * and strict too); everything else, /metrics and unknown paths included, needs a
 * credential, so no spelling of a data path can slip past.
 */
function isPublic(path: string): boolean {
  return (
    path === '/' ||
    path === '/healthz' ||
    path === '/readyz' ||
    path === '/openapi.yaml' ||
    path === '/dashboard.js' ||
    path === '/dashboard.css' ||
    path === '/docs' ||
    path.startsWith('/docs/') ||
    path.startsWith('/widgets/')
  );
}

/** Machines the request may read, or null for all of them. */
export function allowedMachines(res: Response): ReadonlySet<string> | null {
  return (res.locals.allowedMachines as ReadonlySet<string> | undefined) ?? null;
}

/** 403 unless the request's credential opens machine `id` (the id the router decoded). */
export function assertMachineAllowed(res: Response, id: string): void {
  const allowed = allowedMachines(res);
  if (allowed && !allowed.has(id)) throw new HttpError(403, 'Forbidden', `this token does not open machine "${id}"`);
}

/**
 * Optional access control for embedding in other portals (off unless keys or a
 * token secret are configured): an API key opens every machine, an embed token
 * the machines it lists until it expires. Each credential has a rate limit, and
 * each client address a budget of failed attempts, so keys cannot be guessed at
 * line speed. Machine scope is checked on the id the router matched
 * (assertMachineAllowed), never on the path text.
 */
export function accessControl(options: AccessOptions): RequestHandler | null {
  const keys = (options.apiKeys ?? []).map(digest);
  if (keys.length === 0 && !options.tokenSecret) return null;
  const requests = new FixedWindowCounter(options.requestsPerMinute ?? 600);
  const failures = new FixedWindowCounter(options.authFailuresPerMinute ?? 30);

  const authenticate = (req: Request, res: Response): string => {
    const header = req.get('Authorization');
    const credential = header?.startsWith('Bearer ') ? header.slice(7).trim() : req.get('X-API-Key');
    if (!credential) throw unauthorized('this API needs credentials: `Authorization: Bearer <embed token or API key>` or `X-API-Key`');
    const hashed = digest(credential);
    if (keys.some((k) => timingSafeEqual(k, hashed))) return `key:${hashed.toString('hex').slice(0, 16)}`;
    if (options.tokenSecret && credential.includes('.')) {
      const claims = verifyEmbedToken(credential, options.tokenSecret);
      if ('error' in claims) throw unauthorized(`embed token refused: ${claims.error}`);
      res.locals.allowedMachines = new Set(claims.machines);
      return `token:${claims.sub ?? hashed.toString('hex').slice(0, 16)}`;
    }
    throw unauthorized('unknown API key');
  };

  return (req, res, next) => {
    if (isPublic(req.path)) return next();
    const address = req.ip ?? 'unknown';
    // A blocked address is refused before any credential is tried: otherwise a 429
    // for wrong keys and a 200 for the right one would let guessing go on.
    if (failures.exhausted(address)) {
      throw tooMany('too many failed authentications from this address', failures.retryAfter(address));
    }
    let subject: string;
    try {
      subject = authenticate(req, res);
    } catch (err) {
      failures.add(address);
      throw err;
    }
    if (!requests.add(subject)) {
      throw tooMany(`more than ${requests.limit} requests per minute with this credential`, requests.retryAfter(subject));
    }
    next();
  };
}
