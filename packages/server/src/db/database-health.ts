import { inspectSchema, schemaProblem } from '@spindle/core/store';
import type pg from 'pg';

export interface HealthState {
  ok: boolean;
  /** What is wrong and the fix, naming the database (host:port/db); null when ok. */
  cause: string | null;
  /** The same without where the database is, for those who may not know it (embed tokens, anyone on /readyz). */
  publicCause: string | null;
}

/** How a failure to reach the database reads, `at` naming where (or nothing). */
function connectionProblem(err: unknown, at: string): string {
  const e = err as { code?: string; message?: string };
  const message = e?.message ?? String(err);
  switch (e?.code) {
    case 'ECONNREFUSED':
      return `the aggregation DB${at} refused the connection; is PostgreSQL running there and listening on that port?`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the aggregation DB's host${at} is unknown; check the host in DATABASE_URL`;
    case '3D000':
      return `the aggregation DB${at} does not exist; create it (\`createdb\`, or \`spindle-etl migrate\` with a role that may) and run \`spindle-etl migrate\``;
    case '28P01':
    case '28000':
      return `the aggregation DB${at} refused the role and password; check the user and password in DATABASE_URL`;
    case '57P03':
      return `the aggregation DB${at} is starting up or shutting down`;
    case '53300':
      return `the aggregation DB${at} has no connection left (too_many_connections)`;
  }
  if (/does not support SSL/i.test(message)) {
    return `the aggregation DB${at} does not offer TLS, but the connection string asks for it (sslmode); remove sslmode or enable ssl on the server`;
  }
  if (/timeout|timed out|terminated/i.test(message)) return `the aggregation DB${at} did not answer in time`;
  return `the aggregation DB${at} cannot be used: ${message.split('\n')[0]}`;
}

const OK: HealthState = { ok: true, cause: null, publicCause: null };

/**
 * Whether the aggregation DB can serve the API: reachable, at the schema version
 * the readers need, with every table and column they name. Checked at start,
 * then every 30 s while it holds and every 5 s while it does not, and again at
 * once when a request meets a database error; each change of state is logged
 * once, as a sentence with its fix, never a stack trace.
 */
export class DatabaseHealth {
  private state: HealthState | null = null;
  private checking: Promise<HealthState> | null = null;
  private checkedAt = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly where: string | null,
    private readonly log: (message: string) => void,
  ) {}

  /** The first check, then the periodic ones. */
  start(): void {
    void this.check();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** The last known state; waits for the first check. */
  async current(): Promise<HealthState> {
    return this.state ?? (await this.check());
  }

  /**
   * The state to act on now: while usable, the last one if checked within
   * `maxAgeMs`; while not, a new check (shared), so a request sees the database
   * come back at once. Never two checks in a row for one caller.
   */
  async now(maxAgeMs: number): Promise<HealthState> {
    const before = this.checkedAt;
    const state = await this.current();
    if (this.checkedAt !== before) return state;
    if (!state.ok || Date.now() - this.checkedAt > maxAgeMs) return this.check();
    return state;
  }

  /** Checks now, unless a check is under way: then its result. */
  check(): Promise<HealthState> {
    this.checking ??= this.inspect().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  private async inspect(): Promise<HealthState> {
    const at = this.where ? ` at ${this.where}` : '';
    let next: HealthState;
    try {
      const report = await inspectSchema(this.pool);
      const problem = schemaProblem(report, this.where ? `at ${this.where}` : '');
      next = problem ? { ok: false, cause: problem, publicCause: schemaProblem(report, '') } : OK;
    } catch (err) {
      next = { ok: false, cause: connectionProblem(err, at), publicCause: connectionProblem(err, '') };
    }
    if (this.state === null ? !next.ok : this.state.cause !== next.cause) {
      this.log(
        next.ok ? `spindle-server: the aggregation DB${at} is reachable and its schema is current` : `spindle-server: ${next.cause}`,
      );
    }
    this.state = next;
    this.checkedAt = Date.now();
    if (!this.stopped) {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.check(), next.ok ? 30_000 : 5_000);
      this.timer.unref();
    }
    return next;
  }
}
