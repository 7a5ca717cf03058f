import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { assertMachineAllowed } from '../access/access-control.js';
import type { RequestValidator } from './request-validator.js';
import { CSV } from '../respond/send-list.js';

/** Where route modules register the operations of openapi.yaml. */
export interface OperationRouter {
  /**
   * A GET operation; `path` in express syntax (`/api/v1/machines/:id/energy`).
   * When the spec has its CSV twin (the same path plus `.csv`), the handler
   * answers that one too, its `sendList` writing CSV.
   */
  get(path: string, handler: RequestHandler<Record<string, string>>): void;
}

/** `?format=csv`, or an Accept header that prefers text/csv over JSON. */
function asksForCsv(req: Request): boolean {
  const format = req.query.format;
  if (format === 'csv') return true;
  if (format === 'json') return false;
  return req.accepts(['application/json', 'text/csv']) === 'text/csv';
}

/** A JSON path asked for CSV: 303 to its `.csv` operation, the other parameters kept. */
function seeCsv(req: Request, res: Response, next: () => void): void {
  if (!asksForCsv(req)) {
    next();
    return;
  }
  const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
  query.delete('format');
  const search = query.toString();
  // No body: the spec's 303 has none, and every client follows Location.
  res
    .vary('Accept')
    .status(303)
    .location(`${req.baseUrl}${req.path}.csv${search ? `?${search}` : ''}`)
    .end();
}

const answerCsv: RequestHandler = (_req, res, next) => {
  res.locals[CSV] = true;
  next();
};

/**
 * A case-sensitive, strict router whose every route is an operation of the spec:
 * its parameters are validated before the handler runs, and a machine `:id` is
 * checked against the credential's machines on the id the router decoded. So
 * `/API/...`, `/api/v1/status/` or `/api/v1/MACHINES/…` match nothing (404), and
 * no spelling reaches a handler unvalidated or outside its machine scope.
 */
export function operationRouter(validator: RequestValidator): { router: Router; operations: OperationRouter } {
  const router = express.Router({ caseSensitive: true, strict: true });
  router.param('id', (_req, res, next, id: string) => {
    assertMachineAllowed(res, id);
    next();
  });
  const operations: OperationRouter = {
    get(path, handler) {
      const template = path.replace(/:(\w+)/g, '{$1}');
      if (!validator.has('get', `${template}.csv`)) {
        router.get(path, validator.operation('get', template), handler);
        return;
      }
      router.get(path, validator.operation('get', template), seeCsv, handler);
      router.get(`${path}.csv`, answerCsv, validator.operation('get', `${template}.csv`), handler);
    },
  };
  return { router, operations };
}
