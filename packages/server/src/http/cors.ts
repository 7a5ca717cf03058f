import type { RequestHandler } from 'express';

export interface CorsOptions {
  /** Allowed origins; '*' (the default) allows any. */
  origins: readonly string[] | '*';
}

/** CORS for the read-only API: GET and HEAD from the allowed origins, preflight included. */
export function cors(options: CorsOptions): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('Origin');
    if (origin) {
      const allowed = options.origins === '*' || options.origins.includes(origin);
      if (allowed) {
        res.set('Access-Control-Allow-Origin', options.origins === '*' ? '*' : origin);
        res.set('Access-Control-Expose-Headers', 'ETag, Link, Retry-After');
      }
      if (options.origins !== '*') res.vary('Origin');
      if (req.method === 'OPTIONS') {
        if (allowed) {
          res.set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
          res.set('Access-Control-Allow-Headers', 'Accept, Authorization, If-None-Match, Content-Type');
          res.set('Access-Control-Max-Age', '600');
        }
        res.status(204).end();
        return;
      }
    }
    next();
  };
}
