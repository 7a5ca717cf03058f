import type { OperationRouter } from '../contract/operation-types.js';
import { unavailable } from '../http/http-error.js';
import type { RouteContext } from './route-context.js';

/** Liveness for a process supervisor, readiness for a load balancer. */
export function healthRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/healthz', (_req, reply) => reply.send({ status: 'ok' }));

  // Ready when the aggregation DB answers with the schema the API reads; else 503 saying why.
  // Anyone may ask, so while all is well at most one check a second whatever the rate of asking.
  router.get('/readyz', async (_req, reply) => {
    const state = await ctx.health.now(1000);
    if (!state.ok) throw unavailable((ctx.openAccess ? state.cause : state.publicCause) ?? 'the aggregation DB cannot be used');
    return reply.send({ status: 'ok' });
  });
}
