import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import proxyAddr from 'proxy-addr';
import { type Exchange, header } from '../http/exchange.js';
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
  /** express's `trust proxy`: set it behind a reverse proxy so limits count per real client address. */
  trustProxy?: boolean | number | string;
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

/** 403 unless the request's credential opens machine `id` (the id the router decoded). */
export function assertMachineAllowed(x: Exchange, id: string): void {
  if (x.allowedMachines && !x.allowedMachines.has(id)) throw new HttpError(403, 'Forbidden', `this token does not open machine "${id}"`);
}

/** The client's address as express's `trust proxy` setting reads it: the socket's, or a trusted proxy's X-Forwarded-For. */
function clientAddress(trustProxy: AccessOptions['trustProxy']): (req: IncomingMessage) => string {
  if (trustProxy === undefined || trustProxy === false) return (req) => req.socket.remoteAddress ?? 'unknown';
  const trust =
    trustProxy === true
      ? () => true
      : typeof trustProxy === 'number'
        ? (_address: string, hop: number) => hop < trustProxy
        : proxyAddr.compile(trustProxy.split(',').map((s) => s.trim()));
  return (req) => proxyAddr(req, trust);
}

/**
 * Optional access control for embedding in other portals (off unless keys or a
 * token secret are configured): an API key opens every machine, an embed token
 * the machines it lists until it expires. Each credential has a rate limit, and
 * each client address a budget of failed attempts, so keys cannot be guessed at
 * line speed. Machine scope is checked on the id the router matched
 * (assertMachineAllowed), never on the path text.
 */
export function accessControl(options: AccessOptions): ((x: Exchange) => void) | null {
  const keys = (options.apiKeys ?? []).map(digest);
  if (keys.length === 0 && !options.tokenSecret) return null;
  const requests = new FixedWindowCounter(options.requestsPerMinute ?? 600);
  const failures = new FixedWindowCounter(options.authFailuresPerMinute ?? 30);
  const addressOf = clientAddress(options.trustProxy);

  const authenticate = (x: Exchange): string => {
    const authorization = header(x.req, 'Authorization');
    const credential = authorization?.startsWith('Bearer ') ? authorization.slice(7).trim() : header(x.req, 'X-API-Key');
    if (!credential) throw unauthorized('this API needs credentials: `Authorization: Bearer <embed token or API key>` or `X-API-Key`');
    const hashed = digest(credential);
    if (keys.some((k) => timingSafeEqual(k, hashed))) return `key:${hashed.toString('hex').slice(0, 16)}`;
    if (options.tokenSecret && credential.includes('.')) {
      const claims = verifyEmbedToken(credential, options.tokenSecret);
      if ('error' in claims) throw unauthorized(`embed token refused: ${claims.error}`);
      x.allowedMachines = new Set(claims.machines);
      return `token:${claims.sub ?? hashed.toString('hex').slice(0, 16)}`;
    }
    throw unauthorized('unknown API key');
  };

  return (x) => {
    if (isPublic(x.path)) return;
    const address = addressOf(x.req);
    // A blocked address is refused before any credential is tried: otherwise a 429
    // for wrong keys and a 200 for the right one would let guessing go on.
    if (failures.exhausted(address)) {
      throw tooMany('too many failed authentications from this address', failures.retryAfter(address));
    }
    let subject: string;
    try {
      subject = authenticate(x);
    } catch (err) {
      failures.add(address);
      throw err;
    }
    if (!requests.add(subject)) {
      throw tooMany(`more than ${requests.limit} requests per minute with this credential`, requests.retryAfter(subject));
    }
  };
}
