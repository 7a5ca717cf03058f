import { ConfigError } from '@spindle/core';
import pg from 'pg';
import { EtlError } from '../errors.js';

export interface BiGrant {
  /** Machine ids the role may read; every machine when absent. */
  machines?: readonly string[];
  /** Its password; an existing role keeps its own when absent. */
  password?: string;
  /** Time limit of each of its statements, in seconds (default 30). */
  statementTimeoutSeconds?: number;
}

const ROLE = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Creates or updates login role `role` for BI tools: it may read the views of
 * schema spindle_bi (its machines' rows only) and nothing else: no base table,
 * no other schema, no write, every session read-only with a statement timeout.
 * Run as the role that migrated the aggregation DB, which needs CREATEROLE.
 */
export async function grantBi(db: pg.Client, role: string, grant: BiGrant = {}): Promise<{ created: boolean }> {
  if (!ROLE.test(role)) {
    throw new ConfigError(`role "${role}": use lower-case letters, digits and _ (at most 63), starting with a letter or _`);
  }
  const name = pg.escapeIdentifier(role);
  const timeout = Math.round((grant.statementTimeoutSeconds ?? 30) * 1000);
  const { rows } = await db.query<{ exists: boolean }>('SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS exists', [role]);
  const created = !rows[0]?.exists;
  const password = grant.password === undefined ? '' : ` PASSWORD ${db.escapeLiteral(grant.password)}`;
  try {
    await db.query('BEGIN');
    await db.query(
      created ? `CREATE ROLE ${name} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE${password}` : `ALTER ROLE ${name} LOGIN${password}`,
    );
    await db.query(`ALTER ROLE ${name} SET default_transaction_read_only = on`);
    await db.query(`ALTER ROLE ${name} SET statement_timeout = ${timeout}`);
    // Whatever it was given before: no table of the aggregation DB's own schema.
    await db.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${name}`);
    await db.query(`REVOKE ALL ON SCHEMA public FROM ${name}`);
    await db.query(`GRANT USAGE ON SCHEMA spindle_bi TO ${name}`);
    await db.query(`GRANT SELECT ON ALL TABLES IN SCHEMA spindle_bi TO ${name}`);
    await db.query(
      `INSERT INTO spindle_bi_grant (role_name, machines) VALUES ($1, $2)
       ON CONFLICT (role_name) DO UPDATE SET machines = excluded.machines`,
      [role, grant.machines ? [...grant.machines] : null],
    );
    await db.query('COMMIT');
  } catch (err) {
    await db.query('ROLLBACK').catch(() => {});
    const code = (err as { code?: string }).code;
    if (code === '42501') {
      throw new ConfigError(
        `the role of DATABASE_URL may not create or alter role "${role}" (${(err as Error).message}); run grant-bi as a role with CREATEROLE, such as the one that ran migrate`,
      );
    }
    throw new EtlError(`grant-bi ${role} failed: ${(err as Error).message}`, { cause: err });
  }
  return { created };
}
