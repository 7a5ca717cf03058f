import { expect, it } from 'vitest';
import { inspectSchema, METRIC_TABLES, NULLABLE_COLUMNS, SCHEMA_VERSION } from '@spindle/core/store';
import { MIGRATIONS } from '../src/store/migrations/index.js';
import { migrate } from '../src/store/migrate.js';
import { createTestDatabase, open } from '@spindle/test-kit/postgres';

// The schema module and the migrations describe one schema: a column added to one and not the other fails here.
it('METRIC_TABLES and NULLABLE_COLUMNS list exactly the tables, columns, types and nullable columns the migrations create', async () => {
  const agg = await createTestDatabase('spindle_schema');
  const db = await open(agg.url);
  try {
    await migrate(db);
    const { rows } = await db.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: 'YES' | 'NO' }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name NOT LIKE 'spindle\\_%' ORDER BY table_name, ordinal_position`,
    );
    const migrated: Record<string, Record<string, string>> = {};
    const nullable: Record<string, string[]> = {};
    for (const r of rows) {
      migrated[r.table_name] ??= {};
      migrated[r.table_name]![r.column_name] = r.udt_name;
      if (r.is_nullable === 'YES') nullable[r.table_name] = [...(nullable[r.table_name] ?? []), r.column_name];
    }
    expect(migrated).toEqual(METRIC_TABLES);
    expect(nullable).toEqual(NULLABLE_COLUMNS);
  } finally {
    await db.end();
    await agg.drop();
  }
});

it('the readers need the last migration, and a migrated database lacks nothing they name', async () => {
  expect(SCHEMA_VERSION).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
  const agg = await createTestDatabase('spindle_schema_check');
  const db = await open(agg.url);
  try {
    expect(await inspectSchema(db)).toEqual({ version: null, missing: [] });
    await migrate(db);
    expect(await inspectSchema(db)).toEqual({ version: SCHEMA_VERSION, missing: [] });
    await db.query('DROP TABLE alarm_day CASCADE');
    await db.query('ALTER TABLE spindle_run DROP COLUMN implausible_date_rows CASCADE');
    expect(await inspectSchema(db)).toEqual({
      version: SCHEMA_VERSION,
      missing: ['column spindle_run.implausible_date_rows', 'table alarm_day'],
    });
  } finally {
    await db.end();
    await agg.drop();
  }
});
