import type { MachineConfig } from '@spindle/core';
import { describeError } from '../../errors.js';
import { describeDatabase } from '@spindle/core/store';
import { closeClient, connect } from '../../postgres/connect.js';
import { resolveVariables } from '../../source/variables.js';
import { assertSchemaCurrent } from '../../store/migrate.js';
import { databaseUrl, fleetConfig, parseCommandArgs } from '../options.js';
import type { CommandContext } from './command.js';

const TIMEOUT_MS = 10_000;

/** One line per database: `ok` and what was found, or `FAIL` with what is wrong and the fix. */
async function checkMachine(machine: MachineConfig): Promise<string> {
  const where = `machine ${machine.id}: production DB ${describeDatabase(machine.source)}`;
  let client: Awaited<ReturnType<typeof connect>>;
  try {
    client = await connect(machine.source, 'spindle-etl-check', {
      timeoutMs: TIMEOUT_MS,
      what: 'the production DB',
      options: '-c default_transaction_read_only=on',
    });
  } catch (err) {
    return `FAIL ${where}: ${describeError(err)}; fix its source in the fleet config`;
  }
  try {
    const vars = await resolveVariables(client, machine);
    const configured = [
      vars.inOperation,
      vars.program,
      vars.emergency,
      vars.standby,
      vars.alarms,
      ...vars.motors.map((m) => m.id),
      ...vars.sensors.map((s) => s.id),
    ].filter((v) => v !== null).length;
    return `ok   ${where}: ${configured} configured variable${configured === 1 ? '' : 's'} found, ${vars.all.length} logging`;
  } catch (err) {
    return `FAIL ${where}: ${describeError(err)}`;
  } finally {
    await closeClient(client);
  }
}

/** `check`: the config, the aggregation DB and every production DB, one line each; exit 1 when any fails. */
export async function checkCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, {});
  const fleet = await fleetConfig(values.config);
  const lines = [`ok   fleet config: ${fleet.machines.length} machine${fleet.machines.length === 1 ? '' : 's'}`];
  const url = databaseUrl(values['database-url']);
  const target = `aggregation DB ${describeDatabase(url)}`;
  try {
    const db = await connect(url, 'spindle-etl-check', { timeoutMs: TIMEOUT_MS, what: 'the aggregation DB' });
    try {
      await assertSchemaCurrent(db);
      lines.push(`ok   ${target}: schema current`);
    } catch (err) {
      lines.push(`FAIL ${target}: ${describeError(err)}`);
    } finally {
      await closeClient(db);
    }
  } catch (err) {
    lines.push(`FAIL ${target}: ${describeError(err)}; fix DATABASE_URL or --database-url`);
  }
  lines.push(...(await Promise.all(fleet.machines.map(checkMachine))));
  ctx.out.write(`${lines.join('\n')}\n`);
  return lines.some((l) => l.startsWith('FAIL')) ? 1 : 0;
}
