import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { parse as parseQuery } from 'node:querystring';
import { fileURLToPath } from 'node:url';
import fastifyCompress from '@fastify/compress';
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FleetConfig } from '@spindle/core';
import { describeDatabase } from '@spindle/core/store';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type pg from 'pg';
import { parse as parseYaml } from 'yaml';
import { type AccessOptions, accessControl } from './access/access-control.js';
import { openApiDocument } from './contract/openapi-document.js';
import { requestValidator } from './contract/request-validator.js';
import { DatabaseHealth } from './db/database-health.js';
import { MachineDirectory } from './db/machine-record.js';
import { type MachineChanges, machineChanges } from './db/machine-changes.js';
import { createPool, isSchemaMismatch, isUnavailable } from './db/pool.js';
import { badRequest, HttpError, unavailable } from './http/http-error.js';
import { noResource, sendProblem } from './http/problem.js';
import { originForm, pathOf } from './http/request-target.js';
import { serverMetrics } from './observe/metrics.js';
import { apiDocs } from './pages/api-docs.js';
import { demoDashboard } from './pages/demo-dashboard.js';
import { pageSecurity } from './pages/page-security.js';
import { alertRoutes } from './routes/alerts.js';
import { downtimeRoutes } from './routes/downtime.js';
import { energyRoutes } from './routes/energy.js';
import { eventRoutes } from './routes/events.js';
import { healthRoutes } from './routes/health.js';
import { machineRoutes } from './routes/machines.js';
import { nowRoutes } from './routes/now.js';
import { methodNotAllowed, operationRouter } from './routes/operation-router.js';
import { programRoutes } from './routes/programs.js';
import type { RouteContext } from './routes/route-context.js';
import { sensorStatsRoutes } from './routes/sensor-stats.js';
import { stateRoutes } from './routes/states.js';
import { statusRoutes } from './routes/status.js';
import { utilizationRoutes } from './routes/utilization.js';

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
  /** Event streams (`/api/v1/events`) one process holds at most (default 256, half the default connection cap): past it, 503 and clients poll. */
  maxStreams?: number;
}

export interface SpindleServer {
  /**
   * The whole server as a node:http request listener: `http.createServer(handler)`,
   * or mounted under a path of a connect-style app (`portal.use('/spindle', handler)`).
   */
  handler: (req: IncomingMessage, res: ServerResponse) => void;
  /** Resolves once every route is in place; rejects when the server cannot be built (e.g. a broken spec). */
  ready(): Promise<void>;
  /** The fastify instance: `inject()` for in-process requests, or plugins of your own. */
  fastify: FastifyInstance;
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

// What the API reads: content negotiation, revalidation, and both kinds of credential.
const API_HEADERS = ['Accept', 'Authorization', 'Content-Type', 'If-None-Match', 'If-Modified-Since', 'X-API-Key'];

/**
 * CORS for the read-only API: GET and HEAD from the allowed origins, preflight
 * included. An origin outside the list is granted nothing, not even the list of
 * headers; a request without Origin is no CORS request.
 */
function corsOptions(origins: readonly string[] | '*', extraHeaders: readonly string[] = []): FastifyCorsOptions {
  const granted = {
    methods: 'GET, HEAD, OPTIONS',
    allowedHeaders: [...new Set([...API_HEADERS, ...extraHeaders])],
    exposedHeaders: ['ETag', 'Last-Modified', 'Link', 'Retry-After', 'Spindle-Watermark'],
    maxAge: 600,
    strictPreflight: false,
  };
  if (origins === '*') return { origin: '*', ...granted };
  return {
    delegator: (req, callback) => {
      const origin = req.headers.origin;
      if (!origin) callback(null, { origin: false });
      else if (origins.includes(origin)) callback(null, { origin, ...granted });
      else callback(null, { origin: [...origins], methods: 'GET, HEAD, OPTIONS', strictPreflight: false });
    },
  } as FastifyCorsOptions;
}

/** `trustProxy` as fastify takes it: a hop count becomes the function proxy-addr would have made of it. */
function trustOf(trust: AccessOptions['trustProxy']): boolean | string | ((address: string, hop: number) => boolean) {
  return typeof trust === 'number' ? (_address, hop) => hop < trust : (trust ?? false);
}

const malformedPath = () =>
  badRequest('the path is not valid percent-encoded UTF-8', [
    { name: 'path', in: 'path', message: 'percent-escapes must encode UTF-8 (e.g. %20, %C3%A9)' },
  ]);

/**
 * The read-only analytics API. Every request, an operation of openapi.yaml or a
 * page, passes through one fastify pipeline, in the order built here; requests
 * are validated against openapi.yaml itself, so the spec and the behaviour cannot
 * drift apart.
 */
export function createServer(options: ServerOptions = {}): SpindleServer {
  if (!options.pool && !options.databaseUrl) throw new Error('createServer needs `databaseUrl` or `pool`');
  const pool = options.pool ?? createPool(options.databaseUrl!, { max: options.poolSize, statementTimeoutMs: options.statementTimeoutMs });
  const log = options.log ?? ((m: string) => process.stderr.write(`${m}\n`));
  const specText = readFileSync(specPath(), 'utf8');
  const health = new DatabaseHealth(pool, options.databaseUrl ? describeDatabase(options.databaseUrl) : null, log);
  health.start();

  const app = Fastify({
    logger: false,
    trustProxy: trustOf(options.trustProxy),
    routerOptions: {
      // Paths match exactly as spelled: no case folding, no trailing or doubled slash, no `;` parameters.
      caseSensitive: true,
      ignoreTrailingSlash: false,
      ignoreDuplicateSlashes: false,
      querystringParser: (text: string) => parseQuery(text),
    },
    frameworkErrors: (_err, _req, reply) => sendProblem(reply, malformedPath(), log),
  });
  // The ETL's commits, heard on a connection of its own, configured as the pool's (read-only, time-limited).
  const changes = machineChanges(pool.options, log);
  let closeStreams = () => {};
  const ready = build(app, options, { pool, log, specText, health, changes }).then((close) => {
    closeStreams = close;
  });
  ready.catch(() => {});
  // The absolute form of a request line (RFC 9112 §3.2.2) is routed as its path. Not
  // fastify's rewriteUrl: that overwrites the `originalUrl` a portal's mount leaves.
  const route = (req: IncomingMessage, res: ServerResponse) => {
    if (req.url !== undefined && !req.url.startsWith('/')) req.url = originForm(req.url);
    app.routing(req, res);
  };
  let routing: typeof route | null = null;
  void ready.then(() => {
    routing = route;
  });
  return {
    handler: (req, res) => {
      if (routing) routing(req, res);
      else
        ready.then(
          () => route(req, res),
          (err: Error) => {
            log(`spindle-server: cannot serve: ${err.message}`);
            res.statusCode = 500;
            res.end();
          },
        );
    },
    ready: () => ready,
    fastify: app,
    pool,
    close: async () => {
      health.stop();
      closeStreams();
      await changes.close();
      await app.close();
      if (!options.pool) await pool.end();
    },
  };
}

/** The stages every request passes, in this order, then the routes. */
async function build(
  app: FastifyInstance,
  options: ServerOptions,
  {
    pool,
    log,
    specText,
    health,
    changes,
  }: { pool: pg.Pool; log: (m: string) => void; specText: string; health: DatabaseHealth; changes: MachineChanges },
): Promise<() => void> {
  const access = accessControl(options);
  const openAccess = access === null;
  // Answers change with the server's version and its spec, besides the data: part of every validator.
  const ctx: RouteContext = {
    health,
    openAccess,
    db: pool,
    machines: new MachineDirectory(pool, options.fleet ?? null),
    maxDays: options.maxDays ?? 366,
    cacheSeconds: options.cacheSeconds ?? 60,
    build: createHash('sha1').update(`${serverVersion()}\n${specText}`).digest('base64url'),
  };
  // Where the database is may be told to those who may know: everyone with access
  // control off, API keys with it on; others read the cause without it.
  const causeFor = (req: FastifyRequest, state: { cause: string | null; publicCause: string | null }) =>
    (openAccess || req.credential === 'key' ? state.cause : state.publicCause) ?? 'the aggregation DB cannot be used';

  app.decorateRequest('credential', null);
  app.decorateRequest('allowedMachines', null);

  // Errors and paths nothing serves, answered as problem+json: set before any route, which keeps the handlers of its time.
  app.setNotFoundHandler((req) => {
    throw noResource(pathOf(req.url));
  });
  // A database that went away or lost part of its schema since the last check: look
  // again. An unreachable one is answered at once (its timeout was waited already);
  // a lost table is checked first, to name it rather than log a stack.
  app.setErrorHandler(async (err, req, reply) => {
    if (isSchemaMismatch(err)) {
      const state = await health.check();
      sendProblem(reply, state.ok ? err : unavailable(causeFor(req, state)), log);
      return reply;
    }
    if (isUnavailable(err)) void health.check();
    sendProblem(reply, err, log);
    return reply;
  });
  // 1. Counted, by route template and status, once answered.
  const metrics = serverMetrics(pool);
  app.addHook('onResponse', (req, reply, done) => {
    metrics.record(req, reply);
    done();
  });
  // 2. Compressed: gzip or brotli (quality 4) by Accept-Encoding, for JSON, CSV, the spec, Swagger UI and the widgets alike.
  await app.register(fastifyCompress, { customTypes: /^text\/|json|yaml|javascript/ });
  // 3. CORS, preflights answered before credentials are asked for.
  await app.register(fastifyCors, corsOptions(options.corsOrigins ?? '*', options.corsHeaders));
  // 4. Credentials, when access control is on.
  if (access) app.addHook('onRequest', async (req) => access(req));
  // 5. The database, for the API: while it is not usable each request looks again
  //    (one check at a time, shared), so the API recovers with it, not at the next timer.
  app.addHook('onRequest', async (req) => {
    if (!pathOf(req.url).startsWith('/api/')) return;
    const state = await health.now(Number.POSITIVE_INFINITY);
    if (!state.ok) throw unavailable(causeFor(req, state));
  });

  // The operations of openapi.yaml: matched, scoped to the credential's machines, validated, answered.
  const doc = openApiDocument(parseYaml(specText));
  const validator = requestValidator(doc);
  app.setValidatorCompiler(validator.compiler);
  const router = operationRouter(app, ctx, validator);
  // Counters of the whole server, every machine's included: for operators' keys, not portals' tokens.
  router.get('/metrics', (req, reply) => {
    if (req.credential === 'token') throw new HttpError(403, 'Forbidden', '/metrics needs an API key; embed tokens do not open it');
    return metrics.serve(reply);
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
  nowRoutes(router, ctx);
  const closeStreams = eventRoutes(router, ctx, changes, { maxStreams: options.maxStreams });
  methodNotAllowed(app, doc.paths());

  // The pages people open, with the security headers of HTML (only they get them).
  await app.register(async (pages) => {
    await pages.register(fastifyHelmet, pageSecurity(options.frameAncestors));
    await apiDocs(pages, { text: specText, document: doc.spec });
    if (options.dashboard !== false && !(await demoDashboard(pages)))
      log('spindle-server: @spindle/widgets is not installed: no dashboard at /');
  });

  await app.ready();
  return closeStreams;
}
