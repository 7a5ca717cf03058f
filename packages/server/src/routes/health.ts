import type { OperationRouter } from '../contract/operation-router.js';
import { sendJson } from '../http/exchange.js';
import type { RouteContext } from './route-context.js';

/** Liveness for a process supervisor, readiness for a load balancer. */
export function healthRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/healthz', (_req, res) => sendJson(res, 200, { status: 'ok' }));

  // Ready when the aggregation DB answers; a failure here becomes 503 in the error handler.
  router.get('/readyz', async (_req, res) => {
    await ctx.db.query('SELECT 1');
    sendJson(res, 200, { status: 'ok' });
  });
}
