import cluster from 'node:cluster';
import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { ConfigError, type FleetConfig } from '@spindle/core';
import { loadFleetConfig } from '@spindle/core/node';
import { createServer } from '../create-server.js';
import { createGuardedServer } from '../http/guarded-server.js';

const USAGE = `Usage: spindle-server [options]

Serves the Spindle aggregation DB read-only over HTTP: /api/v1/..., /docs (Swagger UI),
/openapi.yaml, /healthz and /readyz, and a dashboard of the widgets at /.

  -p, --port N              port (env PORT, default 8080)
  -d, --database-url URL    aggregation DB (env DATABASE_URL)
  -c, --config FILE         the ETL's fleet config: serve exactly its machines (env SPINDLE_CONFIG;
                            default: the machines the ETL has written)
      --cors-origins LIST   comma-separated allowed origins, or * (env SPINDLE_CORS_ORIGINS, default *)
      --cors-headers LIST   request headers portals may add, besides the API's own (Authorization,
                            X-API-Key, If-None-Match…) (env SPINDLE_CORS_HEADERS)
      --max-days N          longest range of days per request (default 366)
      --db-timeout S        time limit of each aggregation DB query, seconds (default 5): past it, 503
      --frame-ancestors LIST  origins allowed to frame the dashboard and /docs (CSP frame-ancestors;
                            env SPINDLE_FRAME_ANCESTORS; default: this server only)
      --no-dashboard        do not serve the dashboard at / and the widgets bundle at /widgets/
      --workers N           processes sharing the port, "auto" for one per core (default 1)
      --max-connections N   open connections per process (env SPINDLE_MAX_CONNECTIONS, default 512); at the
                            limit a new one replaces the oldest idle one, and 16 more answer health checks only
      --max-streams N       event streams (/api/v1/events) per process (env SPINDLE_MAX_STREAMS, default half
                            of --max-connections); past it 503, and the widgets poll
      --request-timeout S   time to send a request's head (at most 10 s) and the whole request (default 30)
      --idle-timeout S      a connection silent both ways this long is closed (default 60; keep-alive: 5)
      --env-file FILE       read environment variables from FILE (default: ./.env when present)
  -V, --version             print the version
  -h, --help                this help

Access control (off unless one of these is set):
  SPINDLE_API_KEYS          comma-separated API keys, each opening every machine
  SPINDLE_TOKEN_SECRET      secret of the HS256 embed tokens ({ exp, machines, sub })
  SPINDLE_RATE_LIMIT        requests per minute per credential (default 600)
  SPINDLE_AUTH_FAILURE_LIMIT  failed authentications per minute per client address before 429 (default 30)
  SPINDLE_TRUST_PROXY       behind a reverse proxy: the proxies to trust (a hop count like 1, or addresses
                            and CIDRs: loopback, 10.0.0.0/8), so limits count per real client address
                            from X-Forwarded-For; "true" trusts every hop, so a client can forge it
With access control on, everything but /healthz, /readyz, /openapi.yaml, /docs and the
dashboard needs a credential; /metrics and run errors in /api/v1/status need an API key.
A valid credential is never refused for other clients' failures.

Exit codes: 0 stopped cleanly, 2 bad usage or config.`;

function fail(message: string): never {
  process.stderr.write(`spindle-server: ${message}\nRun \`spindle-server --help\` for usage.\n`);
  process.exit(2);
}

let values: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    options: {
      port: { type: 'string', short: 'p' },
      'database-url': { type: 'string', short: 'd' },
      config: { type: 'string', short: 'c' },
      'cors-origins': { type: 'string' },
      'cors-headers': { type: 'string' },
      'max-days': { type: 'string' },
      'db-timeout': { type: 'string' },
      'frame-ancestors': { type: 'string' },
      workers: { type: 'string' },
      'max-connections': { type: 'string' },
      'max-streams': { type: 'string' },
      'request-timeout': { type: 'string' },
      'idle-timeout': { type: 'string' },
      'no-dashboard': { type: 'boolean' },
      'env-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
    strict: true,
  }).values;
}
try {
  values = parse();
} catch (err) {
  fail((err as Error).message);
}
if (values.help) {
  process.stdout.write(`${USAGE}\n`);
  process.exit(0);
}
if (values.version) {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  process.stdout.write(`spindle-server ${pkg.version}\n`);
  process.exit(0);
}
const envFile = values['env-file'] ?? (existsSync('.env') ? '.env' : undefined);
if (envFile) {
  if (!existsSync(envFile)) fail(`--env-file ${envFile}: no such file`);
  process.loadEnvFile(envFile);
}

const port = Number(values.port ?? process.env.PORT ?? 8080);
if (!Number.isInteger(port) || port < 0 || port > 65535)
  fail(`--port must be a port number 0..65535, got "${values.port ?? process.env.PORT}"`);
const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
if (!databaseUrl) fail('no aggregation DB: pass --database-url postgres://... or set DATABASE_URL');
const originsText = values['cors-origins'] ?? process.env.SPINDLE_CORS_ORIGINS ?? '*';
const corsOrigins =
  originsText.trim() === '*'
    ? '*'
    : originsText
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean);
const corsHeaders = (values['cors-headers'] ?? process.env.SPINDLE_CORS_HEADERS ?? '')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean);
const badHeader = corsHeaders.find((h) => !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(h));
if (badHeader !== undefined) fail(`--cors-headers: "${badHeader}" is not a header name`);
const maxDays = Number(values['max-days'] ?? 366);
if (!Number.isInteger(maxDays) || maxDays < 1) fail(`--max-days must be a whole number ≥ 1, got "${values['max-days']}"`);
const dbTimeout = Number(values['db-timeout'] ?? 5);
if (!Number.isFinite(dbTimeout) || dbTimeout <= 0) fail(`--db-timeout must be a number of seconds > 0, got "${values['db-timeout']}"`);
const ancestorsText = values['frame-ancestors'] ?? process.env.SPINDLE_FRAME_ANCESTORS;
const frameAncestors = ancestorsText ? ancestorsText.split(/[\s,]+/).filter(Boolean) : undefined;
const workers = values.workers === 'auto' ? availableParallelism() : Number(values.workers ?? 1);
if (!Number.isInteger(workers) || workers < 1) fail(`--workers must be a whole number ≥ 1 or "auto", got "${values.workers}"`);

const maxConnections = Number(values['max-connections'] ?? process.env.SPINDLE_MAX_CONNECTIONS ?? 512);
if (!Number.isInteger(maxConnections) || maxConnections < 1) {
  fail(`--max-connections must be a whole number ≥ 1, got "${values['max-connections'] ?? process.env.SPINDLE_MAX_CONNECTIONS}"`);
}
const maxStreams = Number(values['max-streams'] ?? process.env.SPINDLE_MAX_STREAMS ?? Math.floor(maxConnections / 2));
if (!Number.isInteger(maxStreams) || maxStreams < 0) {
  fail(`--max-streams must be a whole number ≥ 0, got "${values['max-streams'] ?? process.env.SPINDLE_MAX_STREAMS}"`);
}
const requestTimeout = Number(values['request-timeout'] ?? 30);
if (!Number.isFinite(requestTimeout) || requestTimeout <= 0)
  fail(`--request-timeout must be a number of seconds > 0, got "${values['request-timeout']}"`);
const idleTimeout = Number(values['idle-timeout'] ?? 60);
if (!Number.isFinite(idleTimeout) || idleTimeout <= 0)
  fail(`--idle-timeout must be a number of seconds > 0, got "${values['idle-timeout']}"`);

const apiKeys = (process.env.SPINDLE_API_KEYS ?? '')
  .split(',')
  .map((k) => k.trim())
  .filter(Boolean);
const tokenSecret = process.env.SPINDLE_TOKEN_SECRET || undefined;
const requestsPerMinute = Number(process.env.SPINDLE_RATE_LIMIT ?? 600);
if (!Number.isInteger(requestsPerMinute) || requestsPerMinute < 1)
  fail(`SPINDLE_RATE_LIMIT must be a whole number ≥ 1, got "${process.env.SPINDLE_RATE_LIMIT}"`);

const authFailuresPerMinute = Number(process.env.SPINDLE_AUTH_FAILURE_LIMIT ?? 30);
if (!Number.isInteger(authFailuresPerMinute) || authFailuresPerMinute < 1) {
  fail(`SPINDLE_AUTH_FAILURE_LIMIT must be a whole number ≥ 1, got "${process.env.SPINDLE_AUTH_FAILURE_LIMIT}"`);
}
const trustText = process.env.SPINDLE_TRUST_PROXY;
// A number is a hop count; anything else (loopback, CIDR lists, true) goes to fastify's trustProxy as is.
const trustProxy =
  trustText === undefined || trustText === ''
    ? undefined
    : /^\d+$/.test(trustText)
      ? Number(trustText)
      : trustText === 'true'
        ? true
        : trustText;

const configPath = values.config ?? process.env.SPINDLE_CONFIG;
let fleet: FleetConfig | undefined;
if (configPath) {
  try {
    fleet = await loadFleetConfig(configPath);
  } catch (err) {
    fail(err instanceof ConfigError ? err.message : String(err));
  }
}

const log = (message: string) => process.stderr.write(`${new Date().toISOString()} ${message}\n`);

if (workers > 1 && cluster.isPrimary) {
  log(`spindle-server: starting ${workers} workers on port ${port}`);
  for (let i = 0; i < workers; i++) cluster.fork();
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGTERM'));
  cluster.on('exit', (worker, code) => {
    if (!stopping) {
      log(`worker ${worker.process.pid} exited (${code}); starting another`);
      cluster.fork();
    } else if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
  });
} else {
  const { handler, close, ready } = createServer({
    databaseUrl,
    fleet,
    corsOrigins,
    corsHeaders,
    maxDays,
    log,
    apiKeys,
    tokenSecret,
    requestsPerMinute,
    authFailuresPerMinute,
    trustProxy,
    frameAncestors,
    statementTimeoutMs: dbTimeout * 1000,
    dashboard: !values['no-dashboard'],
    maxStreams,
  });
  await ready().catch((err: Error) => fail(`cannot start: ${err.message}`));
  const http = createGuardedServer(handler, {
    maxConnections,
    headersTimeoutMs: Math.min(10, requestTimeout) * 1000,
    requestTimeoutMs: requestTimeout * 1000,
    idleTimeoutMs: idleTimeout * 1000,
  });
  http.on('error', (err: NodeJS.ErrnoException) => {
    const why = err.code === 'EADDRINUSE' ? `port ${port} is already in use; pick another with --port or PORT` : err.message;
    process.stderr.write(`spindle-server: cannot listen: ${why}\n`);
    process.exit(2);
  });
  http.listen(port, () => {
    const address = http.address();
    const actual = typeof address === 'object' && address ? address.port : port;
    const guarded = apiKeys.length > 0 || tokenSecret ? 'credentials required' : 'open access';
    log(`spindle-server listening on http://localhost:${actual} (API /api/v1, docs /docs; ${guarded})`);
  });
  // Graceful: stop accepting, let in-flight requests finish, then close the pool.
  const shutdown = () => {
    log('spindle-server: shutting down');
    http.close(async () => {
      await close();
      process.exit(0);
    });
    http.closeIdleConnections();
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}
