import { MACHINE_CHANNEL } from '@spindle/core/store';
import pg from 'pg';

export interface MachineChanges {
  /** Called with the id of each machine whose data a transaction committed; `null` after a reconnection, when announcements may have been missed. */
  subscribe(onChange: (machineId: string | null) => void): () => void;
  /** Closes the listening connection. */
  close(): Promise<void>;
}

/**
 * One connection that LISTENs for the ETL's commits (PostgreSQL delivers a NOTIFY
 * when its transaction commits, and only then). It connects when the first
 * subscriber comes, and comes back by itself after the database restarts, 1 to
 * 10 s apart. Each time it starts listening, subscribers hear `null`, to look at
 * every machine again: a commit before LISTEN took hold is not lost. They hear
 * `null` every `sweepMs` too, for where NOTIFY does not pass (PgBouncer in
 * transaction mode, the embedded demo database): a late event, never a lost one.
 */
export function machineChanges(connection: pg.ClientConfig, log: (message: string) => void, sweepMs = 5000): MachineChanges {
  const subscribers = new Set<(machineId: string | null) => void>();
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 1000;
  let timer: NodeJS.Timeout | null = null;
  let lost = false;
  let sweep: NodeJS.Timeout | null = null;

  const emit = (machineId: string | null) => {
    for (const s of subscribers) s(machineId);
  };
  const connect = async () => {
    timer = null;
    if (closed || client) return;
    const c = new pg.Client({ ...connection, application_name: 'spindle-server events' });
    client = c;
    const retry = () => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners();
      c.on('error', () => {});
      void c.end().catch(() => {});
      if (!lost) log('spindle-server: lost the aggregation DB connection that hears ETL commits; reconnecting');
      lost = true;
      if (!closed && subscribers.size > 0) timer = setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
    c.on('error', retry);
    c.on('end', retry);
    c.on('notification', (n) => {
      if (n.channel !== MACHINE_CHANNEL || !n.payload) return;
      try {
        const { machineId } = JSON.parse(n.payload) as { machineId?: unknown };
        if (typeof machineId === 'string') emit(machineId);
      } catch {
        // not ours
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${MACHINE_CHANNEL}`);
      retryMs = 1000;
      if (lost) log('spindle-server: hearing ETL commits again');
      lost = false;
      // What was committed before LISTEN took hold (or while it was lost): subscribers look again.
      emit(null);
    } catch {
      retry();
    }
  };

  return {
    subscribe(onChange) {
      subscribers.add(onChange);
      if (!client && !timer) void connect();
      sweep ??= setInterval(() => emit(null), sweepMs);
      sweep.unref();
      return () => {
        subscribers.delete(onChange);
        if (subscribers.size === 0 && sweep) {
          clearInterval(sweep);
          sweep = null;
        }
      };
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (sweep) clearInterval(sweep);
      const c = client;
      client = null;
      c?.removeAllListeners();
      c?.on('error', () => {});
      await c?.end().catch(() => {});
    },
  };
}
