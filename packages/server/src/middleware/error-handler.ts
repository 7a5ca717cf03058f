import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isUnavailable } from '../db/pool.js';
import { HttpError, type FieldError } from '../respond/http-error.js';

const RETRY_AFTER_SECONDS = 5;

function problem(status: number, title: string, detail: string, errors: FieldError[] = []) {
  return { type: 'about:blank', title, status, detail, ...(errors.length > 0 ? { errors } : {}) };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res
    .status(404)
    .type('application/problem+json')
    .send(problem(404, 'Not found', `no resource at ${req.path}; see /docs`));
};

/**
 * The one error handler: HttpError and express's client errors become problem+json with
 * their status, an unreachable database 503 with Retry-After, anything else a 500
 * whose details go to the log, never to the client.
 */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let body: ReturnType<typeof problem>;
    if (err instanceof HttpError) {
      res.set(err.headers);
      body = problem(err.status, err.title, err.message, err.errors);
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      // express's own client errors (a malformed URL, a static file refused)
      body = problem(err.status, err.status === 404 ? 'Not found' : 'Bad request', String(err.message ?? 'bad request'));
    } else if (isUnavailable(err)) {
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      body = problem(503, 'Service unavailable', 'the aggregation database cannot be reached or did not answer in time; try again shortly');
    } else {
      log(`${req.method} ${req.originalUrl} failed: ${err?.stack ?? err}`);
      body = problem(500, 'Internal server error', 'the server failed to answer; the error is logged');
    }
    res.status(body.status).type('application/problem+json').send(body);
  };
}
