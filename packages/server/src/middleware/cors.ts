import type { IncomingMessage, ServerResponse } from 'node:http';
import vary from 'vary';
import { header } from '../http/exchange.js';

export interface CorsOptions {
  /** Allowed origins; '*' (the default) allows any. */
  origins: readonly string[] | '*';
  /** Request headers a portal adds besides those the API reads (e.g. `X-Portal-Trace`). */
  headers?: readonly string[];
}

// What the API reads: content negotiation, revalidation, and both kinds of credential.
const API_HEADERS = ['Accept', 'Authorization', 'Content-Type', 'If-None-Match', 'If-Modified-Since', 'X-API-Key'];

/**
 * CORS for the read-only API: GET and HEAD from the allowed origins, preflight
 * included. Returns true when it answered the request (a preflight).
 */
export function cors(options: CorsOptions): (req: IncomingMessage, res: ServerResponse) => boolean {
  const allowHeaders = [...new Set([...API_HEADERS, ...(options.headers ?? [])])].join(', ');
  return (req, res) => {
    const origin = header(req, 'Origin');
    if (!origin) return false;
    const allowed = options.origins === '*' || options.origins.includes(origin);
    if (allowed) {
      res.setHeader('Access-Control-Allow-Origin', options.origins === '*' ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', 'ETag, Last-Modified, Link, Retry-After');
    }
    if (options.origins !== '*') vary(res, 'Origin');
    if (req.method !== 'OPTIONS') return false;
    if (allowed) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Access-Control-Allow-Headers', allowHeaders);
      res.setHeader('Access-Control-Max-Age', '600');
    }
    res.statusCode = 204;
    res.end();
    return true;
  };
}
