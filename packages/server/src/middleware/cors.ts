import type { RequestHandler } from 'express';

export interface CorsOptions {
  /** Allowed origins; '*' (the default) allows any. */
  origins: readonly string[] | '*';
  /** Request headers a portal adds besides those the API reads (e.g. `X-Portal-Trace`). */
  headers?: readonly string[];
}

// What the API reads: content negotiation, revalidation, and both kinds of credential.
const API_HEADERS = ['Accept', 'Authorization', 'Content-Type', 'If-None-Match', 'If-Modified-Since', 'X-API-Key'];

/** CORS for the read-only API: GET and HEAD from the allowed origins, preflight included. */
export function cors(options: CorsOptions): RequestHandler {
  const allowHeaders = [...new Set([...API_HEADERS, ...(options.headers ?? [])])].join(', ');
  return (req, res, next) => {
    const origin = req.get('Origin');
    if (origin) {
      const allowed = options.origins === '*' || options.origins.includes(origin);
      if (allowed) {
        res.set('Access-Control-Allow-Origin', options.origins === '*' ? '*' : origin);
        res.set('Access-Control-Expose-Headers', 'ETag, Last-Modified, Link, Retry-After');
      }
      if (options.origins !== '*') res.vary('Origin');
      if (req.method === 'OPTIONS') {
        if (allowed) {
          res.set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
          res.set('Access-Control-Allow-Headers', allowHeaders);
          res.set('Access-Control-Max-Age', '600');
        }
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
