import type pg from 'pg';

/**
 * A few connections to one production DB that run independent queries at the same
 * time, so one machine's run uses more than one core of the database server.
 */
export class SourcePool {
  private readonly idle: pg.Client[];
  private readonly waiting: ((client: pg.Client) => void)[] = [];
  private readonly all: pg.Client[];

  /**
   * `more` opens the connections up to `max` that `widen()` asks for: a run that
   * reads an hour or two does it on one connection, since each costs a backend's
   * start (tens of milliseconds), more than such a run's queries.
   */
  constructor(
    clients: readonly pg.Client[],
    private readonly more?: { open: () => Promise<pg.Client[]>; max: number },
  ) {
    if (clients.length === 0) throw new RangeError('a source pool needs at least one connection');
    this.all = [...clients];
    this.idle = [...clients];
  }

  get clients(): readonly pg.Client[] {
    return this.all;
  }

  /** Opens the pool's remaining connections, for a run long enough to use them side by side. */
  async widen(): Promise<void> {
    if (!this.more || this.all.length >= this.more.max) return;
    const opened = await this.more.open();
    this.all.push(...opened);
    for (const client of opened) this.release(client);
  }

  /** A connection for the small sequential queries between the parallel phases. */
  get primary(): pg.Client {
    return this.clients[0]!;
  }

  get size(): number {
    return this.clients.length;
  }

  /** Runs `task` on the next free connection. */
  async run<T>(task: (client: pg.Client) => Promise<T>): Promise<T> {
    const client = this.idle.pop() ?? (await new Promise<pg.Client>((resolve) => this.waiting.push(resolve)));
    try {
      return await task(client);
    } finally {
      this.release(client);
    }
  }

  private release(client: pg.Client): void {
    const next = this.waiting.shift();
    if (next) next(client);
    else this.idle.push(client);
  }
}
