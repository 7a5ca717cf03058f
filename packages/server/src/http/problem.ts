import type { FastifyReply } from 'fastify';
import { isUnavailable } from '../db/pool.js';
import { HttpError, notFound, unavailable, type FieldError } from './http-error.js';

/** An RFC 9457 problem document, the body of every error answer. */
export interface Problem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  errors?: FieldError[];
}

function problem(status: number, title: string, detail: string, errors: FieldError[] = []): Problem {
  return { type: 'about:blank', title, status, detail, ...(errors.length > 0 ? { errors } : {}) };
}

/** The 404 of a path nothing serves. */
export const noResource = (path: string) => notFound(`no resource at ${path}; see /docs`);

const TITLES: Readonly<Record<number, string>> = {
  400: 'Bad request',
  404: 'Not found',
  405: 'Method not allowed',
  406: 'Not acceptable',
  413: 'Content too large',
  415: 'Unsupported media type',
};

/**
 * The one way errors are answered: HttpError and the framework's client errors
 * become problem+json with their status, an unreachable database 503 with
 * Retry-After, anything else a 500 whose details go to the log, never to the client.
 */
export function sendProblem(reply: FastifyReply, err: unknown, log: (message: string) => void): void {
  const { raw, request } = reply;
  if (raw.headersSent) {
    // Too late for a status: cut the connection so the client sees a failure, not a short body.
    log(`${request.method} ${request.url} failed after its headers were sent: ${(err as Error)?.stack ?? err}`);
    raw.destroy();
    return;
  }
  if (!(err instanceof HttpError) && isUnavailable(err)) {
    err = unavailable('the aggregation database cannot be reached or did not answer in time; try again shortly');
  }
  let body: Problem;
  // An error is never cached, and never carries the validators of the answer it replaces.
  reply.removeHeader('ETag');
  reply.removeHeader('Last-Modified');
  reply.removeHeader('Link');
  reply.removeHeader('Spindle-Watermark');
  reply.header('Cache-Control', 'no-store');
  const status = (err as { statusCode?: unknown })?.statusCode;
  if (err instanceof HttpError) {
    for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
    body = problem(err.status, err.title, err.message, err.errors);
  } else if (typeof status === 'number' && status >= 400 && status < 500) {
    // The framework's own client errors (a body on a GET, a static file refused); their text names no internals.
    body = problem(status, TITLES[status] ?? 'Bad request', String((err as Error).message ?? 'bad request'));
  } else {
    log(`${request.method} ${request.url} failed: ${(err as Error)?.stack ?? err}`);
    body = problem(500, 'Internal server error', 'the server failed to answer; the error is logged');
  }
  reply.code(body.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(body));
}
