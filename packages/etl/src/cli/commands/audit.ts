import { ConfigError } from '@spindle/core';
import { describeError, MachineLockedError } from '../../errors.js';
import { auditMachine } from '../../run/audit-machine.js';
import { closeClient, readBigintAsNumber } from '../../postgres/connect.js';
import { connectAggregation } from '../../store/aggregation-connection.js';
import { assertSchemaCurrent } from '../../store/migrate.js';
import {
  databaseUrl,
  dayOption,
  fleetConfig,
  concurrencyOption,
  parseCommandArgs,
  timeLimits,
  TIME_LIMIT_OPTIONS,
  UsageError,
} from '../options.js';
import { inLanes } from '../../run/lanes.js';
import type pg from 'pg';
import type { CommandContext } from './command.js';

const AUDIT_OPTIONS = {
  machine: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  concurrency: { type: 'string' },
  ...TIME_LIMIT_OPTIONS,
} as const;

/**
 * `audit`: finds the hours of the history that changed since they were computed
 * (rows the incremental runs cannot see: older than their lookback, or written
 * into space a deletion freed) and recomputes their days. Exit 0 when every
 * machine was audited, 1 when one failed, 3 when one was skipped (locked).
 */
export async function auditCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, AUDIT_OPTIONS);
  const from = dayOption('from', values.from);
  const to = dayOption('to', values.to);
  if (from !== undefined && to !== undefined && to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
  const fleet = await fleetConfig(values.config);
  const machines = values.machine === undefined ? fleet.machines : fleet.machines.filter((m) => m.id === values.machine);
  if (machines.length === 0) {
    throw new ConfigError(`no machine "${values.machine}" in the fleet config; known: ${fleet.machines.map((m) => m.id).join(', ')}`);
  }
  const lanes = concurrencyOption(values.concurrency);
  const limits = timeLimits(values);
  const url = databaseUrl(values['database-url']);
  const connectLane = async () => readBigintAsNumber(await connectAggregation(url, 'spindle-etl', limits.targetTimeoutSeconds));
  // One aggregation connection per lane: a machine's recomputation is one transaction on it.
  const targets: pg.Client[] = [await connectLane()];
  let code = 0;
  try {
    await assertSchemaCurrent(targets[0]!);
    ctx.reporter.info(`audit: ${machines.length} machine(s)${from || to ? `, days ${from ?? 'first'}..${to ?? 'last'}` : ''}`, {
      event: 'start',
      kind: 'audit',
    });
    await inLanes(machines, lanes ?? 1, async (machine, _, lane) => {
      try {
        targets[lane] ??= await connectLane();
        const r = await auditMachine(machine, { target: targets[lane], from, to, sourceTimeoutSeconds: limits.sourceTimeoutSeconds });
        const what =
          r.hours === null
            ? 'nothing to compare (never run through its watermark, or its config changed: its next run recomputes it)'
            : r.days.length === 0
              ? `${r.hours} hours compared, none changed`
              : `${r.hours} hours compared, ${r.days.length} day(s) changed and recomputed: ${r.days.join(', ')}`;
        ctx.reporter.info(`machine ${machine.id}: ${what} (${(r.durationMs / 1000).toFixed(1)} s)`, {
          event: 'audited',
          machineId: machine.id,
          hours: r.hours,
          days: r.days,
          durationMs: r.durationMs,
        });
      } catch (err) {
        const locked = err instanceof MachineLockedError;
        if (!locked) code = 1;
        else if (code === 0) code = 3;
        ctx.reporter.error(`machine ${machine.id} ${locked ? 'skipped' : 'failed'}: ${describeError(err)}`, {
          event: 'machine-done',
          machineId: machine.id,
          outcome: locked ? 'locked' : 'failed',
        });
      }
    });
  } finally {
    await Promise.all(targets.map(closeClient));
  }
  return code;
}
