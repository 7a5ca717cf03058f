import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { isUnavailable } from '../db/pool.js';
import { sendJson } from '../http/exchange.js';
import { HttpError, notFound, unavailable, type FieldError } from '../respond/http-error.js';

function problem(status: number, title: string, detail: string, errors: FieldError[] = []) {
  return { type: 'about:blank', title, status, detail, ...(errors.length > 0 ? { errors } : {}) };
}

/** The 404 of a path nothing serves. */
export const noResource = (path: string) => notFound(`no resource at ${path}; see /docs`);

/**
 * The one way errors are answered: HttpError and express's client errors become
 * problem+json with their status, an unreachable database 503 with Retry-After,
 * anything else a 500 whose details go to the log, never to the client.
 */
export function sendProblem(req: IncomingMessage, res: ServerResponse, err: unknown, log: (message: string) => void): void {
  if (res.headersSent) {
    // Too late for a status: cut the connection so the client sees a failure, not a short body.
    log(`${req.method} ${req.url} failed after its headers were sent: ${(err as Error)?.stack ?? err}`);
    res.destroy();
    return;
  }
  if (!(err instanceof HttpError) && isUnavailable(err)) {
    err = unavailable('the aggregation database cannot be reached or did not answer in time; try again shortly');
  }
  let body: ReturnType<typeof problem>;
  // An error is never cached, and never carries the validators of the answer it replaces.
  res.removeHeader('ETag');
  res.removeHeader('Last-Modified');
  res.setHeader('Cache-Control', 'no-store');
  const status = (err as { status?: unknown })?.status;
  if (err instanceof HttpError) {
    for (const [name, value] of Object.entries(err.headers)) res.setHeader(name, value);
    body = problem(err.status, err.title, err.message, err.errors);
  } else if (typeof status === 'number' && status >= 400 && status < 500) {
    // express's own client errors (a malformed URL, a static file refused)
    body = problem(status, status === 404 ? 'Not found' : 'Bad request', String((err as Error).message ?? 'bad request'));
  } else {
    log(`${req.method} ${req.url} failed: ${(err as Error)?.stack ?? err}`);
    body = problem(500, 'Internal server error', 'the server failed to answer; the error is logged');
  }
  sendJson(res, body.status, body, 'application/problem+json; charset=utf-8');
}

/** express's end of the pages: 404 for what no page serves. */
export const notFoundHandler: RequestHandler = (req, _res, next) => next(noResource(req.path));

/** express's error handler for the pages, answering as the API does. */
export function errorHandler(log: (message: string) => void): ErrorRequestHandler {
  return (err, req, res, _next) => sendProblem(req, res, err, log);
}
