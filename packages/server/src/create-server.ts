import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Express, type RequestHandler } from 'express';
import type { FleetConfig } from '@spindle/core';
import type pg from 'pg';
import swaggerUi from 'swagger-ui-express';
import { parse as parseYaml } from 'yaml';
import { MachineDirectory } from './db/machine-record.js';
import { describeDatabase } from '@spindle/core/store';
import { DatabaseHealth } from './db/database-health.js';
import { createPool, isSchemaMismatch, isUnavailable } from './db/pool.js';
import { accessControl, type AccessOptions } from './access/access-control.js';
import { answeredUnchanged } from './respond/conditional.js';
import { HttpError, unavailable } from './respond/http-error.js';
import { cors } from './middleware/cors.js';
import { exchangeOf } from './http/exchange.js';
import { demoDashboard } from './pages/demo-dashboard.js';
import { serverMetrics } from './middleware/metrics.js';
import { openApiDocument } from './contract/openapi-document.js';
import { operationRouter } from './contract/operation-router.js';
import { pageSecurity } from './middleware/page-security.js';
import { rejectMalformedPath } from './middleware/malformed-path.js';
import { requestValidator } from './contract/request-validator.js';
import { errorHandler, notFoundHandler, sendProblem } from './middleware/error-handler.js';
import { alertRoutes } from './routes/alerts.js';
import { machineRoutes } from './routes/machines.js';
import { healthRoutes } from './routes/health.js';
import { statusRoutes } from './routes/status.js';
import type { RouteContext } from './routes/route-context.js';
import { energyRoutes } from './routes/energy.js';
import { programRoutes } from './routes/programs.js';
import { sensorStatsRoutes } from './routes/sensor-stats.js';
import { stateRoutes } from './routes/states.js';
import { utilizationRoutes } from './routes/utilization.js';
import { downtimeRoutes } from './routes/downtime.js';

export interface ServerOptions extends AccessOptions {
  /** Aggregation DB; ignored when `pool` is given. */
  databaseUrl?: string;
  /** A pool you own (the server will not end it). */
  pool?: pg.Pool;
  /** The ETL's fleet config: serve exactly its machines. Default: the machines the ETL has written. */
  fleet?: FleetConfig;
  /** Allowed CORS origins (default '*'). */
  corsOrigins?: readonly string[] | '*';
  /** Request headers cross-origin pages may send besides the API's own (credentials, revalidation). */
  corsHeaders?: readonly string[];
  /** Longest range of days one request may ask for (default 366). */
  maxDays?: number;
  /** Cache-Control max-age of answers, in seconds (default 60). */
  cacheSeconds?: number;
  /** Connections to the aggregation DB at most (default 10). */
  poolSize?: number;
  /** Time limit of each database conversation in ms, enforced by the server and the client (default 5000): past it, 503. */
  statementTimeoutMs?: number;
  /** Origins allowed to frame the dashboard and Swagger UI (CSP `frame-ancestors`; default only this server). */
  frameAncestors?: readonly string[];
  /** Where unexpected errors are logged (default: stderr). */
  log?: (message: string) => void;
  /** Serve the demo dashboard at `/` and the widgets bundle under `/widgets/` (default true). */
  dashboard?: boolean;
}

export interface SpindleServer {
  /** The whole server as a node:http request listener: `http.createServer(handler)`. */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** The same server as an express app, to `app.listen()` or to mount in an app of your own. */
  app: Express;
  pool: pg.Pool;
  /** Ends the pool if the server opened it. */
  close(): Promise<void>;
}

/** This package's version, from the nearest package.json above this module (dist/, dist/cli/ or src/). */
function serverVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4 && !existsSync(join(dir, 'package.json')); i++) dir = dirname(dir);
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The nearest openapi.yaml above this module: the copy in dist/ once built, else the repository root. */
export function specPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'openapi.yaml'))) return join(dir, 'openapi.yaml');
  }
  throw new Error(`openapi.yaml not found in any folder above ${fileURLToPath(import.meta.url)}`);
}

/**
 * The read-only analytics API as an express app. Requests are validated against
 * openapi.yaml itself, so the spec and the behaviour cannot drift apart.
 */
export function createServer(options: ServerOptions = {}): SpindleServer {
  if (!options.pool && !options.databaseUrl) throw new Error('createServer needs `databaseUrl` or `pool`');
  const pool = options.pool ?? createPool(options.databaseUrl!, { max: options.poolSize, statementTimeoutMs: options.statementTimeoutMs });
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const specFile = specPath();
  const specText = readFileSync(specFile, 'utf8');
  // Answers change with the server's version and its spec, besides the data: part of every validator.
  const build = createHash('sha1').update(`${serverVersion()}\n${specText}`).digest('base64url');
  const cacheSeconds = options.cacheSeconds ?? 60;
  const health = new DatabaseHealth(pool, options.databaseUrl ? describeDatabase(options.databaseUrl) : null, log);
  health.start();
  const access = accessControl(options);
  const openAccess = access === null;
  const ctx: RouteContext = {
    health,
    openAccess,
    db: pool,
    machines: new MachineDirectory(pool, options.fleet ?? null),
    maxDays: options.maxDays ?? 366,
    cacheSeconds,
    unchanged: (req, res, machines) => answeredUnchanged(req, res, machines, build, cacheSeconds),
  };

  // The pages people open (Swagger UI, the dashboard, the spec) are express's; the
  // API's operations are answered on plain node:http, where a 304 costs a fraction
  // of express's per-request price.
  const pages = express();
  pages.disable('x-powered-by');
  pages.disable('etag');
  // Pages match exactly as spelled: no case folding, no trailing slash.
  pages.set('case sensitive routing', true);
  pages.set('strict routing', true);
  pages.set('query parser', 'simple');
  const security = pageSecurity({ frameAncestors: options.frameAncestors });
  pages.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(specText);
  });
  // Swagger UI through swagger-ui-express; its page loads assets by relative paths, hence the slash.
  pages.get('/docs', (_req, res) => res.redirect(301, '/docs/'));
  pages.use(
    '/docs',
    security,
    swaggerUi.serve,
    swaggerUi.setup(undefined, { customSiteTitle: 'Spindle API', swaggerOptions: { url: '/openapi.yaml', validatorUrl: null } }),
  );
  if (options.dashboard !== false && !demoDashboard(pages, security))
    log('spindle-server: @spindle/widgets is not installed: no dashboard at /');
  pages.use(notFoundHandler);
  pages.use(errorHandler(log));

  const metrics = serverMetrics(pool);
  const doc = openApiDocument(parseYaml(specText));
  const { router, dispatch } = operationRouter(doc, requestValidator(doc));
  // Counters of the whole server, every machine's included: for operators' keys, not portals' tokens.
  router.get('/metrics', (req, res) => {
    if (req.credential === 'token') throw new HttpError(403, 'Forbidden', '/metrics needs an API key; embed tokens do not open it');
    metrics.serve(res);
  });
  healthRoutes(router, ctx);
  statusRoutes(router, ctx);
  machineRoutes(router, ctx);
  utilizationRoutes(router, ctx);
  stateRoutes(router, ctx);
  sensorStatsRoutes(router, ctx);
  programRoutes(router, ctx);
  energyRoutes(router, ctx);
  alertRoutes(router, ctx);
  downtimeRoutes(router, ctx);

  // gzip or brotli (quality 4) by Accept-Encoding, for JSON, CSV, the spec, Swagger UI and the widgets alike.
  const compress = compression({
    filter: (req, res) => compression.filter(req, res) || /yaml/.test(String(res.getHeader('Content-Type'))),
  }) as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  const corsAnswered = cors({ origins: options.corsOrigins ?? '*', headers: options.corsHeaders });
  // Every request, in this order: counted, compressed, its path checked, CORS,
  // credentials; then an operation of the spec answers it, or else a page.
  // Where the database is may be told to those who may know: everyone with access
  // control off, API keys with it on; others read the cause without it.
  const causeFor = (x: { credential: 'key' | 'token' | null }, state: { cause: string | null; publicCause: string | null }) =>
    (openAccess || x.credential === 'key' ? state.cause : state.publicCause) ?? 'the aggregation DB cannot be used';
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const x = exchangeOf(req, res);
    metrics.record(x);
    compress(req, res, async () => {
      try {
        rejectMalformedPath(x.path);
        if (corsAnswered(req, res)) return;
        access?.(x);
        if (x.path.startsWith('/api/')) {
          // While the database is not usable, each request looks again (one check at a
          // time, shared), so the API recovers with the database, not at the next timer.
          const state = await health.now(Number.POSITIVE_INFINITY);
          if (!state.ok) throw unavailable(causeFor(x, state));
        }
        if (!(await dispatch(x))) pages(req, res);
      } catch (err) {
        // A database that went away or lost part of its schema since the last check:
        // look again. An unreachable one is answered at once (its timeout was waited
        // already); a lost table is checked first, to name it rather than log a stack.
        if (isSchemaMismatch(err)) {
          const state = await health.check();
          sendProblem(req, res, state.ok ? err : unavailable(causeFor(x, state)), log);
        } else {
          if (isUnavailable(err)) void health.check();
          sendProblem(req, res, err, log);
        }
      }
    });
  };
  const app = express();
  app.disable('x-powered-by');
  app.use(((req, res) => handler(req, res)) as RequestHandler);

  return {
    handler,
    app,
    pool,
    close: async () => {
      health.stop();
      if (!options.pool) await pool.end();
    },
  };
}
