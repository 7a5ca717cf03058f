import {
  backfillUnits,
  incrementalUnits,
  openQueue,
  startWorker,
  unitLabel,
  type FleetConfig,
  type UnitPolicy,
  type WorkUnit,
} from '../../index.js';
import {
  databaseUrl,
  dayOption,
  fleetConfig,
  concurrencyOption,
  numberOption,
  parseCommandArgs,
  timeLimits,
  TIME_LIMIT_OPTIONS,
  UsageError,
} from '../options.js';
import type { CommandContext } from './command.js';

const POLICY_OPTIONS = {
  retries: { type: 'string' },
  'retry-delay': { type: 'string' },
  'unit-timeout': { type: 'string' },
} as const;

function unitPolicy(values: { retries?: string; 'retry-delay'?: string; 'unit-timeout'?: string }): UnitPolicy {
  return {
    retries: numberOption('retries', values.retries, (n) => Number.isInteger(n) && n >= 0, 'a whole number ≥ 0'),
    retryDelaySeconds: numberOption(
      'retry-delay',
      values['retry-delay'],
      (n) => Number.isInteger(n) && n >= 1,
      'a whole number of seconds ≥ 1',
    ),
    unitTimeoutSeconds: numberOption(
      'unit-timeout',
      values['unit-timeout'],
      (n) => Number.isInteger(n) && n >= 1 && n < 86_400,
      'a whole number of seconds from 1 to 86399',
    ),
  };
}

function machineIds(fleet: FleetConfig, machine: string | undefined): string[] {
  if (machine === undefined) return fleet.machines.map((m) => m.id);
  if (!fleet.machines.some((m) => m.id === machine))
    throw new UsageError(`no machine "${machine}" in the fleet config; known: ${fleet.machines.map((m) => m.id).join(', ')}`);
  return [machine];
}

async function enqueue(units: WorkUnit[], policy: UnitPolicy, url: string, ctx: CommandContext): Promise<number> {
  const queue = await openQueue(url, { connections: 1 }, (err) => ctx.reporter.error(`queue: ${err.message}`));
  try {
    const n = await queue.enqueue(units, policy);
    ctx.reporter.info(`queued ${n} unit(s): ${units.slice(0, 3).map(unitLabel).join(', ')}${n > 3 ? ', …' : ''}`, {
      event: 'enqueued',
      units: n,
    });
    return 0;
  } finally {
    await queue.stop({ graceful: false });
  }
}

/** `enqueue`: what cron calls in scale-out mode, one incremental unit per machine. */
export async function enqueueCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, { machine: { type: 'string' }, lookback: { type: 'string' }, ...POLICY_OPTIONS });
  const lookbackHours = numberOption('lookback', values.lookback, (n) => n >= 0, 'a number of hours ≥ 0');
  const policy = unitPolicy(values);
  const fleet = await fleetConfig(values.config);
  return enqueue(incrementalUnits(machineIds(fleet, values.machine), lookbackHours), policy, databaseUrl(values['database-url']), ctx);
}

/** `backfill --queue`: the range cut into units of `--unit-days` per machine. */
export async function backfillQueueCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, {
    queue: { type: 'boolean' },
    machine: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    'unit-days': { type: 'string' },
    ...POLICY_OPTIONS,
  });
  const from = dayOption('from', values.from);
  const to = dayOption('to', values.to);
  if ((from === undefined) !== (to === undefined))
    throw new UsageError('backfill --queue cuts --from..--to into units: give both, or neither for one whole-history unit per machine');
  if (from !== undefined && to !== undefined && to < from) throw new UsageError(`--to ${to} is before --from ${from}`);
  const unitDays = numberOption('unit-days', values['unit-days'], (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1') ?? 31;
  const policy = unitPolicy(values);
  const fleet = await fleetConfig(values.config);
  const ids = machineIds(fleet, values.machine);
  const units: WorkUnit[] =
    from && to ? backfillUnits(ids, from, to, unitDays) : ids.map((machineId) => ({ machineId, mode: { kind: 'backfill' } }));
  return enqueue(units, policy, databaseUrl(values['database-url']), ctx);
}

/** `worker`: runs queued units until SIGTERM or SIGINT (or until idle with --exit-when-idle). */
export async function workerCommand(args: string[], ctx: CommandContext): Promise<number> {
  const { values } = parseCommandArgs(args, {
    concurrency: { type: 'string' },
    poll: { type: 'string' },
    maintenance: { type: 'string' },
    'exit-when-idle': { type: 'boolean' },
    'chunk-days': { type: 'string' },
    'source-connections': { type: 'string' },
    ...TIME_LIMIT_OPTIONS,
  });
  const concurrency = concurrencyOption(values.concurrency);
  const pollSeconds = numberOption('poll', values.poll, (n) => n >= 0.5, 'a number of seconds ≥ 0.5');
  const maintenanceSeconds = numberOption(
    'maintenance',
    values.maintenance,
    (n) => Number.isInteger(n) && n >= 1,
    'a whole number of seconds ≥ 1',
  );
  const chunkDays = numberOption('chunk-days', values['chunk-days'], (n) => Number.isInteger(n) && n >= 1, 'a whole number ≥ 1');
  const sourceConnections = numberOption(
    'source-connections',
    values['source-connections'],
    (n) => Number.isInteger(n) && n >= 1 && n <= 16,
    'a whole number from 1 to 16',
  );
  const fleet = await fleetConfig(values.config);
  let failed = 0;
  // Handlers first: a signal arriving before a handler exists kills the process at
  // once, even between logging "started" and the next line.
  let stopRequested = false;
  let stop = () => {
    stopRequested = true;
  };
  const onSignal = (signal: string) => {
    ctx.reporter.info(`${signal}: finishing the units in hand, then stopping`, { event: 'worker-stopping' });
    stop();
  };
  process.once('SIGTERM', () => onSignal('SIGTERM'));
  process.once('SIGINT', () => onSignal('SIGINT'));
  const worker = await startWorker(fleet, {
    databaseUrl: databaseUrl(values['database-url']),
    concurrency,
    pollSeconds,
    maintenanceSeconds,
    chunkDays,
    sourceConnections,
    ...timeLimits(values),
    exitWhenIdle: values['exit-when-idle'],
    onError: (err) => ctx.reporter.error(`queue: ${err.message}`, { event: 'queue-error' }),
    onUnit: (u) => {
      const what = `unit ${unitLabel(u.unit)} (try ${u.attempt})`;
      const fields = {
        event: `unit-${u.outcome}`,
        jobId: u.jobId,
        machineId: u.unit.machineId,
        mode: u.unit.mode,
        attempt: u.attempt,
        durationMs: u.durationMs,
        rowsRead: u.rowsRead,
      };
      if (u.outcome === 'succeeded')
        ctx.reporter.info(`${what}: done, ${u.rowsRead} rows read, ${(u.durationMs / 1000).toFixed(1)} s`, fields);
      else {
        failed++;
        ctx.reporter.error(
          `${what} ${u.outcome === 'locked' ? 'found its machine locked by another run; it will be retried' : `failed: ${u.error}`}`,
          { ...fields, error: u.error },
        );
      }
    },
  });
  stop = () => void worker.stop();
  if (stopRequested) stop();
  ctx.reporter.info(
    `worker ${worker.id} started: ${concurrency ?? 1} unit(s) at a time${values['exit-when-idle'] ? ', stopping when the queue is empty' : ''}`,
    { event: 'worker-start', worker: worker.id },
  );
  await worker.stopped;
  ctx.reporter.info(`worker ${worker.id} stopped`, { event: 'worker-stop', failedAttempts: failed });
  return 0;
}
