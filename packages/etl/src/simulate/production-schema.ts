import type { Queryable } from '../postgres/queryable.js';

/** The production schema of metrics.md §1, with the (id_var, date) index such logs carry. */
export async function createProductionSchema(db: Queryable): Promise<void> {
  await db.query(`
    DROP TABLE IF EXISTS variable_log_float, variable_log_string, variable;
    CREATE TABLE variable (id int PRIMARY KEY, name text NOT NULL UNIQUE, datatype text NOT NULL);
    CREATE TABLE variable_log_float (id_var int NOT NULL, date bigint NOT NULL, value real);
    CREATE TABLE variable_log_string (id_var int NOT NULL, date bigint NOT NULL, value text);
  `);
}

/** Indexes are built after the bulk load, as a restored production DB would have them. */
export async function indexProductionSchema(db: Queryable): Promise<void> {
  await db.query(`
    CREATE INDEX IF NOT EXISTS variable_log_float_var_date ON variable_log_float (id_var, date);
    CREATE INDEX IF NOT EXISTS variable_log_string_var_date ON variable_log_string (id_var, date);
  `);
  await db.query('VACUUM ANALYZE variable, variable_log_float, variable_log_string');
}
