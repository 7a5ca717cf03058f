import { parseArgs } from 'node:util';
import { connect } from '../../postgres/connect.js';
import { grantBi } from '../../store/bi-access.js';
import { assertSchemaCurrent } from '../../store/migrate.js';
import { COMMON_OPTIONS, databaseUrl, explainArgsError, UsageError } from '../options.js';
import type { CommandContext } from './command.js';

/** `grant-bi <role>`: a login role that reads schema spindle_bi, of some machines or all, and nothing else. */
export async function grantBiCommand(args: string[], ctx: CommandContext): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  function parse() {
    return parseArgs({
      args,
      options: { ...COMMON_OPTIONS, machines: { type: 'string' }, 'password-env': { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
  }
  try {
    parsed = parse();
  } catch (err) {
    throw explainArgsError(err, [...Object.keys(COMMON_OPTIONS), 'machines', 'password-env']);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError('name one role: spindle-etl grant-bi <role> [--machines id,…] [--password-env VAR]');
  const role = positionals[0]!;
  const machines = values.machines?.split(',').map((m) => m.trim());
  if (machines?.some((m) => m === '')) throw new UsageError(`--machines ${values.machines}: an empty machine id`);
  const passwordEnv = values['password-env'];
  const password = passwordEnv === undefined ? undefined : process.env[passwordEnv];
  if (passwordEnv !== undefined && !password) throw new UsageError(`--password-env ${passwordEnv}: that variable is not set`);
  const db = await connect(databaseUrl(values['database-url']), 'spindle-etl', { what: 'the aggregation DB' });
  try {
    await assertSchemaCurrent(db);
    const { created } = await grantBi(db, role, { machines, password });
    ctx.reporter.info(
      `${created ? 'created' : 'updated'} role ${role}: reads schema spindle_bi, ${machines ? `machines ${machines.join(', ')}` : 'every machine'}, read-only, 30 s per statement`,
      { event: 'grant-bi', role, created, machines: machines ?? null },
    );
    return 0;
  } finally {
    await db.end();
  }
}
