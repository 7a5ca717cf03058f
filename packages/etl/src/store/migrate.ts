import { ConfigError } from '@spindle/core';
import type pg from 'pg';
import { EtlError } from '../errors.js';
import { MIGRATIONS } from './migrations/index.js';

const MIGRATION_LOCK = 0x5350_4e44; // "SPND": one migrator at a time

export interface MigrateResult {
  applied: number[];
  current: number;
}

/** Creates or upgrades the aggregation schema; running it again is a no-op. */
export async function migrate(target: pg.Client): Promise<MigrateResult> {
  await target.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
  try {
    await target.query(`CREATE TABLE IF NOT EXISTS spindle_schema_migration (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await target.query<{ version: number }>('SELECT version FROM spindle_schema_migration');
    const done = new Set(rows.map((r) => r.version));
    const applied: number[] = [];
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await target.query('BEGIN');
      try {
        await target.query(m.sql);
        await target.query('INSERT INTO spindle_schema_migration (version, name) VALUES ($1, $2)', [m.version, m.name]);
        await target.query('COMMIT');
      } catch (err) {
        await target.query('ROLLBACK');
        throw new EtlError(`migration ${m.version} (${m.name}) failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(m.version);
    }
    return { applied, current: MIGRATIONS[MIGRATIONS.length - 1]!.version };
  } finally {
    await target.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
  }
}

/** Fails with the fix (a ConfigError: exit 2 in the CLI) when the schema is missing or older than this library. */
export async function assertSchemaCurrent(target: pg.Client): Promise<void> {
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  // Two statements: a query naming a missing table fails when it is parsed, whatever a CASE says.
  const exists = await target.query<{ t: string | null }>(`SELECT to_regclass('spindle_schema_migration')::text AS t`);
  const { rows } = exists.rows[0]?.t
    ? await target.query<{ v: number | null }>('SELECT max(version) AS v FROM spindle_schema_migration')
    : { rows: [{ v: null }] };
  const v = rows[0]?.v ?? null;
  if (v === null || v < latest) {
    const where = `${target.host}:${target.port}/${target.database}`;
    throw new ConfigError(
      `the aggregation DB (${where}) ${v === null ? 'has no Spindle schema' : `has schema version ${v}, this spindle-etl needs ${latest}`}; run \`spindle-etl migrate\` first`,
    );
  }
}
