import { ConfigError } from '@spindle/core';
import { inspectSchema, schemaProblem } from '@spindle/core/store';
import type pg from 'pg';
import { EtlError } from '../errors.js';
import { clientDatabase } from '../postgres/connect.js';
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

const whereOf = (target: pg.Client) => `(${clientDatabase(target)})`;

/**
 * Fails with the fix (a ConfigError: exit 2 in the CLI) when the schema is
 * missing, older than this library, or lacks a table or column its migrations
 * created (dropped by hand, a partial restore).
 */
export async function assertSchemaCurrent(target: pg.Client): Promise<void> {
  const latest = MIGRATIONS[MIGRATIONS.length - 1]!.version;
  const problem = schemaProblem(await inspectSchema(target), whereOf(target), latest);
  if (problem) throw new ConfigError(problem);
}

/**
 * After migrating: what the migrations created and the database lacks. Nothing of
 * it can be recreated with its data, so migrate says so and how to rebuild.
 */
export async function assertNothingMissing(target: pg.Client): Promise<void> {
  const { missing } = await inspectSchema(target);
  if (missing.length === 0) return;
  throw new ConfigError(
    `the aggregation DB ${whereOf(target)} lacks ${missing.join(', ')}, which its migrations created; migrate cannot recreate them with their rows. Restore the database from a backup, or rebuild it: drop its tables (or create a new database), run \`spindle-etl migrate\`, then \`spindle-etl backfill\``,
  );
}
