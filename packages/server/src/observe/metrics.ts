import type { FastifyReply, FastifyRequest } from 'fastify';
import type pg from 'pg';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface ServerMetrics {
  /** Counts an answered request by method, route template and status: the pipeline's `onResponse`. */
  record(req: FastifyRequest, reply: FastifyReply): void;
  /** The Prometheus text exposition, for `/metrics` (behind access control when it is on). */
  serve(reply: FastifyReply): Promise<void>;
}

/**
 * Prometheus metrics of one server (its own registry, so several servers in one
 * process stay apart): requests and their latency per route template, the
 * database pool, and Node's process metrics.
 */
export function serverMetrics(pool: pg.Pool): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'spindle_server_' });
  const requests = new Counter({
    name: 'spindle_http_requests_total',
    help: 'HTTP requests answered, by method, route template and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'spindle_http_request_duration_seconds',
    help: 'Time from request to the end of the response, by method and route template',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Gauge({
    name: 'spindle_db_pool_connections',
    help: 'Connections of the aggregation DB pool, by state (idle, busy) and requests waiting for one',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      this.set({ state: 'idle' }, pool.idleCount);
      this.set({ state: 'busy' }, pool.totalCount - pool.idleCount);
      this.set({ state: 'waiting' }, pool.waitingCount);
    },
  });

  // Label children resolved once per route: observing is then a lookup and an add.
  const series = new Map<string, { done: ReturnType<typeof requests.labels>; latency: ReturnType<typeof latency.labels> }>();
  const seriesOf = (method: string, route: string, status: string) => {
    const key = `${method} ${route} ${status}`;
    let s = series.get(key);
    if (!s) {
      s = { done: requests.labels(method, route, status), latency: latency.labels(method, route) };
      series.set(key, s);
    }
    return s;
  };

  const record = (req: FastifyRequest, reply: FastifyReply): void => {
    // The route template, never the raw path: one series per endpoint, not per machine or day.
    const s = seriesOf(req.method, req.routeOptions.url ?? 'unmatched', String(reply.statusCode));
    s.latency.observe(reply.elapsedTime / 1000);
    s.done.inc();
  };
  const serve = async (reply: FastifyReply): Promise<void> => {
    const text = await registry.metrics();
    reply.type(registry.contentType).header('Cache-Control', 'no-store').send(text);
  };
  return { record, serve };
}
