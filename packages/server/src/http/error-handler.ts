import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isUnavailable } from '../db/pool.js';
import { HttpError, type FieldError } from './http-error.js';

const RETRY_AFTER_SECONDS = 5;

/** express-openapi-validator reports `/query/from`-style paths; problems name the parameter. */
function fieldErrors(errors: unknown): FieldError[] {
  if (!Array.isArray(errors)) return [];
  return errors.map((e: { path?: string; message?: string }) => {
    const [, where, ...name] = (e.path ?? '').split(/[./]/);
    return { name: name.join('.') || where || 'request', in: where, message: e.message ?? 'is invalid' };
  });
}

function problem(status: number, title: string, detail: string, errors: FieldError[] = []) {
  return { type: 'about:blank', title, status, detail, ...(errors.length > 0 ? { errors } : {}) };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  res.status(404).type('application/problem+json').send(problem(404, 'Not found', `no resource at ${req.path}; see /docs`));
};

/**
 * The one error handler: HttpError and validation errors become problem+json with
 * their status, an unreachable database 503 with Retry-After, anything else a 500
 * whose details go to the log, never to the client.
 */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => {
    let body;
    if (err instanceof HttpError) {
      res.set(err.headers);
      body = problem(err.status, err.title, err.message, err.errors);
    } else if (typeof err?.status === 'number' && err.status >= 400 && err.status < 500) {
      const errors = fieldErrors(err.errors);
      const detail = errors.length > 0 ? errors.map((e) => `${e.name}: ${e.message}`).join('; ') : String(err.message ?? 'bad request');
      body = problem(err.status, err.status === 404 ? 'Not found' : err.status === 405 ? 'Method not allowed' : 'Bad request', detail, errors);
    } else if (isUnavailable(err)) {
      res.set('Retry-After', String(RETRY_AFTER_SECONDS));
      body = problem(503, 'Service unavailable', 'the aggregation database cannot be reached; try again shortly');
    } else {
      log(`${req.method} ${req.originalUrl} failed: ${err?.stack ?? err}`);
      body = problem(500, 'Internal server error', 'the server failed to answer; the error is logged');
    }
    res.status(body.status).type('application/problem+json').send(body);
  };
}
