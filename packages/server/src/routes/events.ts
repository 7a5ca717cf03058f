import type { FastifyReply } from 'fastify';
import type { OperationRouter } from '../contract/operation-types.js';
import type { MachineChanges } from '../db/machine-changes.js';
import type { ServedMachine } from '../db/machine-record.js';
import { HttpError } from '../http/http-error.js';
import type { RouteContext } from './route-context.js';

export interface EventOptions {
  /** Streams one process holds at most (default 256): past it, 503, and the client polls. */
  maxStreams?: number;
  /** Seconds between heartbeats, which keep proxies and the idle timeout from closing a quiet stream (default 15). */
  heartbeatSeconds?: number;
}

/** A `machine` event's data: the machine whose data a commit changed, how far it now reaches, its new version. */
interface MachineEvent {
  machineId: string;
  watermark: string | null;
  version: string;
}

interface Stream {
  reply: FastifyReply;
  allowed: ReadonlySet<string> | null;
}

// Events carry the commit's time as id; a stream resumed with Last-Event-ID is
// sent every machine committed since a little before it, as commit times of two
// transactions need not come in commit order.
const RESUME_MARGIN_MS = 5 * 60_000;

const eventOf = (m: ServedMachine): MachineEvent => ({
  machineId: m.id,
  watermark: m.watermark?.toISOString() ?? null,
  version: m.version,
});
const frame = (m: ServedMachine) => `id: ${m.updatedAt?.getTime() ?? 0}\nevent: machine\ndata: ${JSON.stringify(eventOf(m))}\n\n`;

/**
 * `GET /api/v1/events`: server-sent events, one `machine` event per ETL commit
 * that changed a machine the credential opens, within a moment of the commit
 * (PostgreSQL NOTIFY from the ETL's transaction). A stream ends after `lifetime`
 * seconds, and its client comes back with Last-Event-ID: so load balancers
 * spread long-lived clients again.
 */
export function eventRoutes(router: OperationRouter, ctx: RouteContext, changes: MachineChanges, options: EventOptions): () => void {
  const streams = new Set<Stream>();
  const maxStreams = options.maxStreams ?? 256;
  const known = new Map<string, string>();
  let unsubscribe: (() => void) | null = null;

  const send = (m: ServedMachine) => {
    if (known.get(m.id) === m.version) return;
    known.set(m.id, m.version);
    const text = frame(m);
    for (const s of streams) if (!s.allowed || s.allowed.has(m.id)) s.reply.raw.write(text);
  };
  const onChange = async (machineId: string | null) => {
    ctx.machines.invalidate();
    try {
      const machines = await ctx.machines.list();
      for (const m of machines) if (machineId === null || m.id === machineId) send(m);
    } catch {
      // The database went away between the commit and this read: the listener's reconnection resends.
    }
  };
  const heartbeat = setInterval(
    () => {
      for (const s of streams) s.reply.raw.write(': heartbeat\n\n');
    },
    (options.heartbeatSeconds ?? 15) * 1000,
  );
  heartbeat.unref();

  router.get('/api/v1/events', async (req, reply) => {
    if (streams.size >= maxStreams) {
      throw new HttpError(
        503,
        'Service unavailable',
        `this server holds ${maxStreams} event streams already; poll, or try again later`,
        [],
        {
          'Retry-After': '30',
        },
      );
    }
    const machines = await ctx.machines.list();
    const stream: Stream = { reply, allowed: req.allowedMachines };
    // The stream is written by hand from here on: headers the pipeline set (CORS) go first.
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      ...(reply.getHeaders() as Record<string, string>),
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      // nginx would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    raw.write('retry: 3000\n\n');
    const since = Number(req.headers['last-event-id']);
    if (Number.isFinite(since) && since > 0) {
      for (const m of machines) {
        const visible = !stream.allowed || stream.allowed.has(m.id);
        if (visible && m.updatedAt && m.updatedAt.getTime() > since - RESUME_MARGIN_MS) raw.write(frame(m));
      }
    }
    const lifetime = req.query.lifetime ?? 3600;
    if (lifetime === 0) {
      raw.end();
      return;
    }
    if (!unsubscribe) {
      for (const m of machines) known.set(m.id, m.version);
      unsubscribe = changes.subscribe((id) => void onChange(id));
    }
    streams.add(stream);
    const end = setTimeout(() => raw.end(), lifetime * 1000);
    raw.on('close', () => {
      clearTimeout(end);
      streams.delete(stream);
      // No stream left: stop listening (the next one starts again from the versions then).
      if (streams.size === 0) {
        unsubscribe?.();
        unsubscribe = null;
      }
    });
  });

  // Closing: the streams end (their clients reconnect elsewhere), the heartbeat and the listening stop.
  return () => {
    clearInterval(heartbeat);
    unsubscribe?.();
    for (const s of streams) s.reply.raw.end();
    streams.clear();
  };
}
