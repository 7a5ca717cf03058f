import { ConfigError } from '@spindle/core';
import pg from 'pg';
import { migrate } from '../../index.js';
import { describeDatabase } from '@spindle/core/store';
import { connect } from '../../postgres/connect.js';
import { assertNothingMissing } from '../../store/migrate.js';
import { databaseUrl, parseCommandArgs } from '../options.js';
import type { CommandContext } from './command.js';

const codeOf = (err: unknown) => ((err as { cause?: { code?: string } })?.cause ?? (err as { code?: string }))?.code;

/**
 * Creates the aggregation database the URL names, connected to the server's
 * `postgres` database as the same role; when the role may not, says the exact
 * command that does.
 */
async function createDatabase(url: string, ctx: CommandContext): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const role = decodeURIComponent(target.username) || process.env.PGUSER || 'your role';
  const createdb = `createdb -h ${target.hostname || 'localhost'} -p ${target.port || 5432} -U <a role that may create databases> ${name}`;
  let admin: pg.Client;
  try {
    admin = await connect(maintenance.toString(), 'spindle-etl', { what: 'the aggregation DB server' });
  } catch (err) {
    throw new ConfigError(
      `the aggregation DB "${name}" does not exist at ${describeDatabase(url)}, and ${(err as Error).message}; create it with \`${createdb}\`, then run \`spindle-etl migrate\` again`,
    );
  }
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    ctx.reporter.info(`created the aggregation DB "${name}" at ${describeDatabase(url)}`, { event: 'database-created', database: name });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === '42P04') return; // created meanwhile by another migrate
    throw new ConfigError(
      `the aggregation DB "${name}" does not exist at ${describeDatabase(url)} and role "${role}" may not create it (${(err as Error).message}); run \`${createdb}\`, then \`spindle-etl migrate\` again`,
    );
  } finally {
    await admin.end();
  }
}

/** `migrate`: creates the aggregation database when it is missing, then creates or upgrades its schema. */
export async function migrateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const url = databaseUrl(values['database-url']);
  let db: pg.Client;
  try {
    db = await connect(url, 'spindle-etl', { what: 'the aggregation DB' });
  } catch (err) {
    if (codeOf(err) !== '3D000') throw err;
    await createDatabase(url, ctx);
    db = await connect(url, 'spindle-etl', { what: 'the aggregation DB' });
  }
  try {
    const result = await migrate(db);
    await assertNothingMissing(db);
    ctx.reporter.info(
      result.applied.length === 0
        ? `aggregation schema already at version ${result.current}`
        : `aggregation schema migrated to version ${result.current} (applied ${result.applied.join(', ')})`,
      { event: 'migrated', ...result },
    );
    return 0;
  } finally {
    await db.end();
  }
}
