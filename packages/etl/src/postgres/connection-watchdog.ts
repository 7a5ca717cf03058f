import type pg from 'pg';

/** pg keeps this flag on every client: false from sending a query until the server says it is ready again. */
type Awaiting = { readyForQuery: boolean };

const reasons = new WeakMap<pg.Client, string>();

/**
 * Ends a connection that owes an answer and has received nothing for `timeoutMs`:
 * a frozen, hung or partitioned server, which neither TCP keepalive nor the
 * server's own statement_timeout can notice. A query that streams (a cursor's
 * batches) resets the clock with every message; an idle session never times out.
 * The pending query then fails, and `timeoutReason` says why.
 */
export function watchConnection(client: pg.Client, timeoutMs: number, what: string): void {
  let heard = Date.now();
  let wasReady = true;
  client.connection.on('message', () => (heard = Date.now()));
  const tick = Math.max(50, Math.min(1000, timeoutMs / 10));
  const timer = setInterval(() => {
    const ready = (client as unknown as Awaiting).readyForQuery;
    const now = Date.now();
    // A query was sent after the last look: its clock starts now, not at the last message.
    if (wasReady && !ready) heard = Math.max(heard, now - tick);
    wasReady = ready;
    if (!ready && now - heard > timeoutMs) {
      const reason = `${what} did not answer within ${timeoutMs / 1000} s`;
      reasons.set(client, reason);
      clearInterval(timer);
      client.connection.stream.destroy(new Error(reason));
    }
  }, tick);
  timer.unref();
  client.once('end', () => clearInterval(timer));
}

/** Why the watchdog ended this client, if it did. */
export function timeoutReason(client: pg.Client): string | undefined {
  return reasons.get(client);
}
