import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestDatabase } from '@spindle/test-kit/postgres';
import { createPool } from '../src/db/pool.js';

let db: { url: string; drop: () => Promise<void> };
beforeAll(async () => {
  db = await createTestDatabase('spindle_pool');
});
afterAll(() => db.drop());

it('stays read-only with its statement timeout whatever `options` the connection string carries', async () => {
  const hostile = `${db.url}?options=${encodeURIComponent('-c default_transaction_read_only=off -c statement_timeout=0')}`;
  const pool = createPool(hostile, { statementTimeoutMs: 1500, max: 2 });
  try {
    const { rows } = await pool.query<{ ro: string; timeout: string }>(
      `SELECT current_setting('default_transaction_read_only') AS ro, current_setting('statement_timeout') AS timeout`,
    );
    expect(rows[0]).toEqual({ ro: 'on', timeout: '1500ms' });
    await expect(pool.query('CREATE TABLE written (x int)')).rejects.toThrow(/read-only transaction/);
    await expect(pool.query('SELECT pg_sleep(3)')).rejects.toThrow(/statement timeout|Query read timeout/);
  } finally {
    await pool.end();
  }
});
