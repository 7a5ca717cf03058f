import express, { type RequestHandler, type Router } from 'express';
import { assertMachineAllowed } from './access-control.js';
import type { RequestValidator } from './request-validator.js';

/** Where route modules register the operations of openapi.yaml. */
export interface OperationRouter {
  /** A GET operation; `path` in express syntax (`/api/v1/machines/:id/energy`). */
  get(path: string, handler: RequestHandler<Record<string, string>>): void;
}

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
      router.get(path, validator.operation('get', template), handler);
    },
  };
  return { router, operations };
}
