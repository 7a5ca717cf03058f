import { runFleet, type MachineOutcome, type RunMode } from '../../index.js';
import { FleetSession } from '../../run/fleet-session.js';
import {
  dayOption,
  databaseUrl,
  fleetConfig,
  concurrencyOption,
  numberOption,
  parseCommandArgs,
  timeLimits,
  TIME_LIMIT_OPTIONS,
  UsageError,
} from '../options.js';
import type { CommandContext } from './command.js';

/**
 * 0 all done, 1 any machine failed. A machine locked by another process is being
 * processed right now: for cron's `run` that is the work getting done, so 0; for a
 * `backfill` someone asked for, the range was not recomputed here, so 3.
 */
export function exitCodeOf(kind: 'run' | 'backfill', outcomes: readonly MachineOutcome[]): number {
  if (outcomes.some((o) => o.outcome === 'failed')) return 1;
  if (kind === 'backfill' && outcomes.some((o) => o.outcome === 'locked')) return 3;
  return 0;
}

const RUN_OPTIONS = {
  machine: { type: 'string' },
  lookback: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  'chunk-days': { type: 'string' },
  'source-connections': { type: 'string' },
  concurrency: { type: 'string' },
  every: { type: 'string' },
  ...TIME_LIMIT_OPTIONS,
} as const;

/** `run` and `backfill`: the same loop over machines with a different window. */
export async function runCommand(kind: 'run' | 'backfill', args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, RUN_OPTIONS);
  const chunkDays = numberOption('chunk-days', values['chunk-days'], (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  const sourceConnections = numberOption(
    'source-connections',
    values['source-connections'],
    (n) => Number.isInteger(n) && n >= 1 && n <= 16,
    'a whole number from 1 to 16',
  );
  const concurrency = concurrencyOption(values.concurrency);
  let mode: RunMode;
  if (kind === 'run') {
    if (values.from !== undefined || values.to !== undefined)
      throw new UsageError('`run` takes no --from/--to; use `spindle-etl backfill --from DAY --to DAY`');
    mode = { kind, lookbackHours: numberOption('lookback', values.lookback, (n) => n >= 0, 'a number of hours ≥ 0') };
  } else {
    if (values.lookback !== undefined) throw new UsageError('`backfill` takes no --lookback; it recomputes exactly --from..--to');
    const from = dayOption('from', values.from);
    const to = dayOption('to', values.to);
    if (from !== undefined && to !== undefined && to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
    mode = { kind, from, to };
  }
  const every = numberOption('every', values.every, (n) => n > 0, 'a number of seconds > 0');
  if (every !== undefined && kind !== 'run') throw new UsageError('--every repeats incremental runs: use it with `spindle-etl run`');
  const fleet = await fleetConfig(values.config);
  const url = databaseUrl(values['database-url']);
  const options = { databaseUrl: url, mode, machineId: values.machine, chunkDays, sourceConnections, concurrency, ...timeLimits(values) };
  if (every !== undefined) return repeat(every, new FleetSession(fleet, options), ctx);
  ctx.reporter.info(`${kind}: ${values.machine === undefined ? `${fleet.machines.length} machine(s)` : `machine ${values.machine}`}`, {
    event: 'start',
    kind,
  });
  const outcomes = await runFleet(fleet, {
    ...options,
    onProgress: (p) => ctx.reporter.progress(p),
    onMachineDone: (o) => ctx.reporter.machineDone(o),
  });
  const done = outcomes.filter((o) => o.outcome === 'succeeded').length;
  const locked = outcomes.filter((o) => o.outcome === 'locked').length;
  const skipped = locked > 0 ? `, ${locked} skipped (another process is running ${locked === 1 ? 'it' : 'them'})` : '';
  ctx.reporter.info(`${kind} finished: ${done} of ${outcomes.length} machine(s) done${skipped}`, {
    event: 'finished',
    outcomes: outcomes.map((o) => ({ machineId: o.machineId, outcome: o.outcome })),
  });
  return exitCodeOf(kind, outcomes);
}

/**
 * `run --every S`: a round every S seconds (start to start; a round that takes
 * longer is followed at once, never overlapped) on connections kept between
 * rounds, until SIGTERM or SIGINT, which let the round in hand finish. One line
 * per round; a failing machine adds its own line. Exit 0 when stopped so.
 */
async function repeat(everySeconds: number, session: FleetSession, ctx: CommandContext): Promise<number> {
  let stopping = false;
  let wake = () => {};
  const stop = (signal: string) => {
    if (!stopping) ctx.reporter.info(`${signal}: stopping after the round in hand`, { event: 'stopping', signal });
    stopping = true;
    wake();
  };
  const onTerm = () => stop('SIGTERM');
  const onInt = () => stop('SIGINT');
  process.on('SIGTERM', onTerm);
  process.on('SIGINT', onInt);
  ctx.reporter.info(`run every ${everySeconds} s until SIGTERM`, { event: 'start', kind: 'run', everySeconds });
  let round = 0;
  try {
    while (!stopping) {
      const started = Date.now();
      const outcomes = await session.round();
      round++;
      for (const o of outcomes) if (o.outcome === 'failed') ctx.reporter.machineDone(o);
      const done = outcomes.filter((o) => o.outcome === 'succeeded');
      const rows = done.reduce((sum, o) => sum + (o.outcome === 'succeeded' ? o.result.rowsRead : 0), 0);
      const failed = outcomes.length - done.length;
      const seconds = (Date.now() - started) / 1000;
      ctx.reporter.info(
        `round ${round}: ${done.length} of ${outcomes.length} machine(s) done${failed > 0 ? `, ${failed} not` : ''}, ${rows} rows read, ${seconds.toFixed(2)} s`,
        { event: 'round', round, machines: outcomes.length, done: done.length, rowsRead: rows, seconds },
      );
      const wait = everySeconds * 1000 - (Date.now() - started);
      if (!stopping && wait > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    }
  } finally {
    process.off('SIGTERM', onTerm);
    process.off('SIGINT', onInt);
    await session.close();
  }
  ctx.reporter.info(`stopped after ${round} round(s)`, { event: 'stopped', rounds: round });
  return 0;
}
