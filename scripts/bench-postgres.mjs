// The PostgreSQL server a benchmark runs on: the one the PG* variables name, or a
// throw-away one started for the run by scripts/pg-temp.sh on `port`.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const script = join(fileURLToPath(new URL('.', import.meta.url)), 'pg-temp.sh');

export function benchPostgres(port) {
  let stop = () => {};
  if (!process.env.PGHOST) {
    const out = execFileSync(script, ['start', process.env.BENCH_PG_PORT ?? port], { encoding: 'utf8' });
    for (const [, k, v] of out.matchAll(/(\w+)=(\S+)/g)) process.env[k] = v;
    stop = () => execFileSync(script, ['stop', process.env.SPINDLE_PG_DIR]);
    console.log(`started a throw-away PostgreSQL on port ${process.env.PGPORT}`);
  }
  const url = (db) => `postgres://${process.env.PGUSER ?? 'postgres'}@${process.env.PGHOST}:${process.env.PGPORT}/${db}`;
  /** One statement on a connection of its own to database `db`. */
  const sql = async (db, text, values) => {
    const c = new pg.Client({ connectionString: url(db) });
    await c.connect();
    try {
      return await c.query(text, values);
    } finally {
      await c.end();
    }
  };
  return { url, sql, stop };
}
