import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { HttpError } from '../http/http-error.js';
import { pathOf } from '../http/request-target.js';
import { verifyEmbedToken } from './embed-token.js';
import { FixedWindowCounter } from './fixed-window.js';

/** The one path that takes an embed token in its URL: `EventSource` cannot send headers. */
const EVENTS_PATH = '/api/v1/events';

/** An embed token in a URL must expire within this many seconds: a URL lands in logs and histories. */
const URL_TOKEN_SECONDS = 3600;

/** The `access_token` query parameter (RFC 6750 §2.3) of a request, if any. */
function urlToken(url: string): string | null {
  const q = url.indexOf('?');
  return q < 0 ? null : new URLSearchParams(url.slice(q + 1)).get('access_token');
}

export interface AccessOptions {
  /** API keys with access to every machine. */
  apiKeys?: readonly string[];
  /** Secret of the HS256 embed tokens. */
  tokenSecret?: string;
  /** Requests per minute per credential (default 600). */
  requestsPerMinute?: number;
  /** Failed authentications per minute per client address, and per presented credential, before failures get 429 (default 30). */
  authFailuresPerMinute?: number;
  /** Which peers' `X-Forwarded-For` to believe, as fastify's `trustProxy` (true, a hop count, or addresses and subnets): set it behind a reverse proxy so limits count per real client address. */
  trustProxy?: boolean | number | string;
}

/** What access control reads and writes of a request: the framework's request satisfies it. */
export interface AccessRequest {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The client's address, a trusted proxy's X-Forwarded-For applied. */
  readonly ip: string;
  readonly socket: { readonly remoteAddress?: string | undefined };
  credential: 'key' | 'token' | null;
  allowedMachines: ReadonlySet<string> | null;
}

/** A 401; `genuine` when the credential is ours but no longer valid (an expired token). */
type RefusedCredential = HttpError & { genuine?: boolean };
const unauthorized = (detail: string, genuine = false): RefusedCredential =>
  Object.assign(new HttpError(401, 'Unauthorized', detail, [], { 'WWW-Authenticate': 'Bearer realm="spindle"' }), { genuine });

/** How many failed attempts one trusted proxy may pass per minute, as a multiple of one address's budget. */
const PROXY_FAILURE_FACTOR = 10;

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
export function assertMachineAllowed(req: Pick<FastifyRequest, 'allowedMachines'>, id: string): void {
  if (req.allowedMachines && !req.allowedMachines.has(id))
    throw new HttpError(403, 'Forbidden', `this token does not open machine "${id}"`);
}

/** The credential a request presents: `Authorization: <scheme> <value>` (scheme matched case-insensitively, RFC 9110 §11.1) or `X-API-Key`. */
function presentedCredential(headers: IncomingHttpHeaders): string | undefined {
  const authorization = headers.authorization;
  const bearer = authorization === undefined ? null : /^bearer[ \t]+(\S+)\s*$/i.exec(authorization);
  const key = headers['x-api-key'];
  return bearer?.[1] ?? (Array.isArray(key) ? key.join(', ') : key)?.trim();
}

/**
 * Optional access control for embedding in other portals (off unless keys or a
 * token secret are configured): an API key opens every machine, an embed token
 * the machines it lists until it expires. Machine scope is checked on the id the
 * router matched (assertMachineAllowed), never on the path text.
 *
 * Limits: each credential has a request rate; failed attempts have budgets per
 * client address, per presented credential, and (behind a trusted proxy) per
 * proxy, so a loop of wrong keys is slowed to 429s even when it forges
 * X-Forwarded-For. A valid credential is always tried and never refused for
 * other requests' failures: behind one NAT or portal backend, a stranger's wrong
 * key must not lock the plant out. Keys and token signatures are long random
 * values; what protects them from guessing is their length, not the throttle.
 */
export function accessControl(options: AccessOptions): ((req: AccessRequest) => void) | null {
  const keys = (options.apiKeys ?? []).map(digest);
  if (keys.length === 0 && !options.tokenSecret) return null;
  const requests = new FixedWindowCounter(options.requestsPerMinute ?? 600);
  const failureLimit = options.authFailuresPerMinute ?? 30;
  const failures = new FixedWindowCounter(failureLimit);
  // Everything that reaches us through one proxy: generous, since a whole site may sit behind it.
  const proxied = new FixedWindowCounter(failureLimit * PROXY_FAILURE_FACTOR);
  const behindProxy = options.trustProxy !== undefined && options.trustProxy !== false;

  /** The subject a valid credential counts its requests under; throws 401 otherwise. */
  const authenticate = (x: AccessRequest, credential: string, hashed: Buffer): string => {
    if (keys.some((k) => timingSafeEqual(k, hashed))) {
      x.credential = 'key';
      return `key:${hashed.toString('hex').slice(0, 16)}`;
    }
    if (options.tokenSecret && credential.includes('.')) {
      const claims = verifyEmbedToken(credential, options.tokenSecret);
      if ('error' in claims) throw unauthorized(`embed token refused: ${claims.error}`, claims.error === 'expired');
      x.allowedMachines = new Set(claims.machines);
      x.credential = 'token';
      return `token:${claims.sub ?? hashed.toString('hex').slice(0, 16)}`;
    }
    throw unauthorized('unknown API key');
  };

  /** Counts a failed attempt under every key it is throttled by; true when any budget is used up. */
  const failed = (x: AccessRequest, hashed: Buffer | null): { exhausted: string | null; retryAfter: number } => {
    const counted: [FixedWindowCounter, string, string][] = [[failures, `address:${x.ip}`, 'from this address']];
    if (hashed) counted.push([failures, `credential:${hashed.toString('hex')}`, 'with this credential']);
    if (behindProxy) counted.push([proxied, `peer:${x.socket.remoteAddress ?? 'unknown'}`, 'through this proxy']);
    let exhausted: string | null = null;
    let retryAfter = 1;
    for (const [counter, key, what] of counted) {
      if (!counter.add(key)) {
        exhausted ??= what;
        retryAfter = Math.max(retryAfter, counter.retryAfter(key));
      }
    }
    return { exhausted, retryAfter };
  };

  /** An embed token from the URL of the event stream: never an API key, and only one that expires soon. */
  const fromUrl = (x: AccessRequest, token: string): string => {
    if (!options.tokenSecret) throw unauthorized('this server takes no token in a URL: it signs no embed tokens');
    const claims = verifyEmbedToken(token, options.tokenSecret);
    if ('error' in claims) throw unauthorized(`embed token refused: ${claims.error}`, claims.error === 'expired');
    if (claims.exp > Date.now() / 1000 + URL_TOKEN_SECONDS)
      throw unauthorized(`a token in a URL must expire within ${URL_TOKEN_SECONDS / 60} minutes: it lands in logs; sign a shorter one`);
    x.allowedMachines = new Set(claims.machines);
    x.credential = 'token';
    return `token:${claims.sub ?? digest(token).toString('hex').slice(0, 16)}`;
  };

  return (x) => {
    const path = pathOf(x.url);
    if (isPublic(path)) return;
    const credential = presentedCredential(x.headers);
    const hashed = credential ? digest(credential) : null;
    const inUrl = !credential && path === EVENTS_PATH ? urlToken(x.url) : null;
    let subject: string;
    try {
      if (inUrl) subject = fromUrl(x, inUrl);
      else if (!credential || !hashed) {
        throw unauthorized(
          'this API needs credentials: send the header Authorization: Bearer <embed token or API key>, or X-API-Key: <API key>',
        );
      } else subject = authenticate(x, credential, hashed);
    } catch (err) {
      // A genuine token that expired is a client to refresh, not an attempt to guess.
      if (err instanceof HttpError && !(err as RefusedCredential).genuine) {
        const { exhausted, retryAfter } = failed(x, hashed ?? (inUrl ? digest(inUrl) : null));
        if (exhausted) throw tooMany(`too many failed authentications ${exhausted}; ${err.message}`, retryAfter);
      }
      throw err;
    }
    if (!requests.add(subject)) {
      throw tooMany(`more than ${requests.limit} requests per minute with this credential`, requests.retryAfter(subject));
    }
  };
}
