import { expect, it } from 'vitest';
import { METRIC_TABLES, NULLABLE_COLUMNS } from '@spindle/core/store';
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
