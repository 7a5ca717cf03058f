import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/** What one process lets its clients hold; every field has a default fit for a 1,024-descriptor process. */
export interface ConnectionLimits {
  /** Open connections at most (default 512): well below the usual 1,024 file descriptors, which the pool and logs need too. */
  maxConnections?: number;
  /** Connections past `maxConnections` kept for /healthz and /readyz alone (default 16). */
  healthReserve?: number;
  /** Time from connecting to the end of a request's headers, in ms (default 10,000). */
  headersTimeoutMs?: number;
  /** Time to receive a whole request, in ms (default 30,000). */
  requestTimeoutMs?: number;
  /** How long an idle keep-alive connection stays open, in ms (default 5,000). */
  keepAliveTimeoutMs?: number;
  /** A connection with no traffic either way for this long is closed, in ms (default 60,000). */
  idleTimeoutMs?: number;
  /** Requests one connection may have unanswered before it is read no further (default 8); four times that closes it. */
  maxPipelined?: number;
  /** Largest request head in bytes (default 16 KiB, node's). */
  maxHeaderSize?: number;
}

interface Tracked {
  inFlight: number;
  /** Requests this connection has sent: one that sent none is the first to make room. */
  requests: number;
  /** Past the cap: may ask for health checks only. */
  reserve: boolean;
  pausedByUs: boolean;
}

const HEALTH = new Set(['/healthz', '/readyz']);

function oldestIdle(tracked: Map<Socket, Tracked>, silentOnly: boolean): Socket | undefined {
  for (const [socket, t] of tracked) {
    if (t.inFlight === 0 && !t.reserve && !socket.destroyed && (!silentOnly || t.requests === 0)) return socket;
  }
  return undefined;
}

function refuse(res: ServerResponse, status: number, title: string, detail: string): void {
  res.setHeader('Connection', 'close');
  res.setHeader('Cache-Control', 'no-store');
  if (status === 503) res.setHeader('Retry-After', '1');
  const body = JSON.stringify({ type: 'about:blank', title, status, detail });
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/problem+json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}

/**
 * A node:http server that no client can starve. At the connection cap, a new
 * connection takes the place of the oldest one that never sent a request, or
 * else of the oldest idle keep-alive; when every one is
 * busy, a small reserve still answers health checks, so an orchestrator does not
 * restart a server that is merely full. Heads, whole requests and silence are
 * timed; the API takes no request bodies; a client that pipelines requests
 * without reading the answers is read no further, and closed when it insists.
 */
export function createGuardedServer(handler: (req: IncomingMessage, res: ServerResponse) => void, limits: ConnectionLimits = {}): Server {
  const maxConnections = limits.maxConnections ?? 512;
  const reserve = limits.healthReserve ?? 16;
  const headersTimeout = limits.headersTimeoutMs ?? 10_000;
  const maxPipelined = limits.maxPipelined ?? 8;
  const tracked = new Map<Socket, Tracked>();

  const server = createServer(
    {
      headersTimeout,
      requestTimeout: Math.max(limits.requestTimeoutMs ?? 30_000, headersTimeout),
      keepAliveTimeout: limits.keepAliveTimeoutMs ?? 5_000,
      maxHeaderSize: limits.maxHeaderSize,
      // How often node looks for connections past headersTimeout or requestTimeout (default 30 s).
      connectionsCheckingInterval: Math.min(1_000, headersTimeout),
    },
    (req, res) => {
      const state = tracked.get(req.socket);
      if (!state || req.socket.destroyed) return;
      state.inFlight++;
      state.requests++;
      res.once('close', () => {
        state.inFlight--;
        if (state.pausedByUs && state.inFlight < maxPipelined) {
          state.pausedByUs = false;
          req.socket.resume();
        }
      });
      if (state.inFlight > maxPipelined * 4) {
        req.socket.destroy();
        return;
      }
      if (state.inFlight >= maxPipelined && !state.pausedByUs) {
        state.pausedByUs = true;
        req.socket.pause();
      }
      const path = (req.url ?? '/').split('?')[0]!;
      if (state.reserve && !HEALTH.has(path)) {
        refuse(res, 503, 'Service unavailable', `the server holds ${maxConnections} connections, its limit; try again shortly`);
        return;
      }
      const length = req.headers['content-length'];
      if ((length !== undefined && length !== '0') || req.headers['transfer-encoding'] !== undefined) {
        // Nothing here reads a body: refuse it rather than wait for it.
        refuse(res, 413, 'Content too large', 'this API takes no request body');
        res.once('finish', () => req.socket.destroy());
        return;
      }
      handler(req, res);
    },
  );
  server.setTimeout(limits.idleTimeoutMs ?? 60_000);

  server.on('connection', (socket: Socket) => {
    let isReserve = false;
    if (tracked.size >= maxConnections) {
      // Silent sockets go first, oldest first; then idle keep-alives, whose clients
      // served well so far and may be about to send the next request on them.
      const idle = oldestIdle(tracked, true) ?? oldestIdle(tracked, false);
      if (idle) {
        tracked.delete(idle);
        idle.destroy();
      } else if (tracked.size < maxConnections + reserve) isReserve = true;
      else {
        socket.destroy();
        return;
      }
    }
    tracked.set(socket, { inFlight: 0, requests: 0, reserve: isReserve, pausedByUs: false });
    socket.once('close', () => tracked.delete(socket));
  });
  return server;
}
