import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import compression from 'compression';
import express, { type Express } from 'express';
import type { FleetConfig } from '@spindle/core';
import type pg from 'pg';
import swaggerUi from 'swagger-ui-express';
import { parse as parseYaml } from 'yaml';
import { MachineDirectory } from './db/machine-record.js';
import { createPool } from './db/pool.js';
import { accessControl, type AccessOptions } from './access/access-control.js';
import { answeredUnchanged } from './respond/conditional.js';
import { cors } from './middleware/cors.js';
import { demoDashboard } from './pages/demo-dashboard.js';
import { serverMetrics } from './middleware/metrics.js';
import { openApiDocument } from './contract/openapi-document.js';
import { operationRouter } from './contract/operation-router.js';
import { pageSecurity } from './middleware/page-security.js';
import { rejectMalformedPath } from './middleware/malformed-path.js';
import { requestValidator } from './contract/request-validator.js';
import { errorHandler, notFoundHandler } from './middleware/error-handler.js';
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
  /** express's `trust proxy`: set it behind a reverse proxy so limits count per real client address. */
  trustProxy?: boolean | number | string;
  /** Where unexpected errors are logged (default: stderr). */
  log?: (message: string) => void;
  /** Serve the demo dashboard at `/` and the widgets bundle under `/widgets/` (default true). */
  dashboard?: boolean;
}

export interface SpindleServer {
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
  const ctx: RouteContext = {
    db: pool,
    machines: new MachineDirectory(pool, options.fleet ?? null),
    maxDays: options.maxDays ?? 366,
    cacheSeconds,
    unchanged: (req, res, machines) => answeredUnchanged(req, res, machines, build, cacheSeconds),
  };

  const app = express();
  app.disable('x-powered-by');
  app.disable('etag'); // ETags are computed on the exact bytes in respond.ts
  // Routes match exactly as the spec spells them: no case folding, no trailing slash.
  app.set('case sensitive routing', true);
  app.set('strict routing', true);
  app.set('query parser', 'simple');
  if (options.trustProxy !== undefined) app.set('trust proxy', options.trustProxy);
  const metrics = serverMetrics(pool);
  app.use(metrics.record);
  // gzip or brotli (quality 4) by Accept-Encoding, for JSON, CSV, the spec, Swagger UI and the widgets alike.
  app.use(compression({ filter: (req, res) => compression.filter(req, res) || /yaml/.test(String(res.getHeader('Content-Type'))) }));
  app.use(rejectMalformedPath);
  app.use(cors({ origins: options.corsOrigins ?? '*', headers: options.corsHeaders }));
  const access = accessControl(options);
  if (access) app.use(access);
  const security = pageSecurity({ frameAncestors: options.frameAncestors });

  app.get('/openapi.yaml', (_req, res) => {
    res.type('application/yaml').send(specText);
  });
  // Swagger UI through swagger-ui-express; its page loads assets by relative paths, hence the slash.
  app.get('/docs', (_req, res) => res.redirect(301, '/docs/'));
  app.use(
    '/docs',
    security,
    swaggerUi.serve,
    swaggerUi.setup(undefined, { customSiteTitle: 'Spindle API', swaggerOptions: { url: '/openapi.yaml', validatorUrl: null } }),
  );
  if (options.dashboard !== false && !demoDashboard(app, security))
    log('spindle-server: @spindle/widgets is not installed: no dashboard at /');

  const validator = requestValidator(openApiDocument(parseYaml(specText)));
  app.use(validator.methodNotAllowed);
  const { router, operations } = operationRouter(validator);
  operations.get('/metrics', metrics.serve);
  healthRoutes(operations, ctx);
  statusRoutes(operations, ctx);
  machineRoutes(operations, ctx);
  utilizationRoutes(operations, ctx);
  stateRoutes(operations, ctx);
  sensorStatsRoutes(operations, ctx);
  programRoutes(operations, ctx);
  energyRoutes(operations, ctx);
  alertRoutes(operations, ctx);
  downtimeRoutes(operations, ctx);
  app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(log));

  return {
    app,
    pool,
    close: async () => {
      if (!options.pool) await pool.end();
    },
  };
}
