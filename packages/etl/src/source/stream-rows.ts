import type pg from 'pg';
import Cursor from 'pg-cursor';

/** Streams a query's rows in batches through a server-side cursor, closing it in `finally`. */
export async function* streamRows<R>(client: pg.Client, text: string, values: unknown[], batchSize = 5000): AsyncGenerator<R> {
  const cursor = client.query(new Cursor<R>(text, values));
  try {
    for (;;) {
      const rows = await cursor.read(batchSize);
      if (rows.length === 0) return;
      yield* rows;
    }
  } finally {
    await cursor.close();
  }
}
