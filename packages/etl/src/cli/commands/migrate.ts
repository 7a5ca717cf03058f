import { migrate } from '../../index.js';
import { assertNothingMissing } from '../../store/migrate.js';
import { connect } from '../../postgres/connect.js';
import { databaseUrl, parseCommandArgs } from '../options.js';
import type { CommandContext } from './command.js';

export async function migrateCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const db = await connect(databaseUrl(values['database-url']), 'spindle-etl', { what: 'the aggregation DB' });
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
