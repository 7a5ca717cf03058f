import type pg from 'pg';

/**
 * A few connections to one production DB that run independent queries at the same
 * time, so one machine's run uses more than one core of the database server.
 */
export class SourcePool {
  private readonly idle: pg.Client[];
  private readonly waiting: ((client: pg.Client) => void)[] = [];

  constructor(readonly clients: readonly pg.Client[]) {
    if (clients.length === 0) throw new RangeError('a source pool needs at least one connection');
    this.idle = [...clients];
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
      const next = this.waiting.shift();
      if (next) next(client);
      else this.idle.push(client);
    }
  }
}
