import type { FleetConfig } from '@spindle/core';
import { hostname } from 'node:os';
import { EtlError } from '../errors.js';
import { runOneMachine } from '../run/run-one-machine.js';
import type pg from 'pg';
import { closeClient, connect, isBroken } from '../postgres/connect.js';
import { connectAggregation } from '../store/aggregation-connection.js';
import { assertSchemaCurrent } from '../store/migrate.js';
import { openQueue, type QueueConnection, type QueuedUnit } from './etl-queue.js';
import type { WorkUnit } from './work-unit.js';

export interface WorkerOptions extends QueueConnection {
  /** Aggregation DB: the results and the queue. */
  databaseUrl: string;
  /** Units this process runs at once (default 1). */
  concurrency?: number;
  /** Seconds between looks for new units when idle (default 2, at least 0.5). */
  pollSeconds?: number;
  chunkDays?: number;
  sourceConnections?: number;
  /** Time limit of every production DB answer, in seconds (default 300). */
  sourceTimeoutSeconds?: number;
  /** Time limit of every aggregation DB answer, in seconds (default 120). */
  targetTimeoutSeconds?: number;
  /** Stop once no unit is waiting, retrying or active anywhere (batch backfills, benchmarks). */
  exitWhenIdle?: boolean;
  /** Name in run records and logs (default host:pid). */
  workerId?: string;
  onUnit?: (outcome: UnitOutcome) => void;
  onError?: (error: Error) => void;
}

export interface UnitOutcome {
  jobId: string;
  unit: WorkUnit;
  /** 1 for the first try. */
  attempt: number;
  outcome: 'succeeded' | 'failed' | 'locked';
  durationMs: number;
  rowsRead: number;
  error?: string;
}

export interface EtlWorker {
  readonly id: string;
  /** Finishes the units in hand, then stops. */
  stop(): Promise<void>;
  /** Settles when the worker has stopped. */
  readonly stopped: Promise<void>;
}

/**
 * A worker of the scale-out mode: takes units from the queue and runs each with
 * runMachine on its own aggregation connection, whose transaction holds the
 * machine's advisory lock until it commits. A unit that throws goes back to the
 * queue for a retry; one whose worker dies comes back after its timeout. The
 * aggregation connections are kept from one unit to the next (one per unit at
 * once), so a minute's incremental unit does not pay for a backend's start.
 */
export async function startWorker(fleet: FleetConfig, options: WorkerOptions): Promise<EtlWorker> {
  const id = options.workerId ?? `${hostname()}:${process.pid}`;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const check = await connect(options.databaseUrl, 'spindle-etl-worker', { what: 'the aggregation DB' });
  try {
    await assertSchemaCurrent(check);
  } finally {
    await check.end();
  }
  const machines = new Map(fleet.machines.map((m) => [m.id, m]));
  const queue = await openQueue(
    options.databaseUrl,
    { connections: concurrency + 2, maintenanceSeconds: options.maintenanceSeconds },
    options.onError,
  );

  const idle: pg.Client[] = [];
  const runUnit = async (job: QueuedUnit) => {
    const started = Date.now();
    const unit = job.unit;
    const attempt = job.retryCount + 1;
    const report = (outcome: UnitOutcome['outcome'], rowsRead: number, error?: string) =>
      options.onUnit?.({ jobId: job.id, unit, attempt, outcome, durationMs: Date.now() - started, rowsRead, error });
    const machine = machines.get(unit.machineId);
    if (!machine) {
      const error = `machine ${unit.machineId} is not in this worker's fleet config`;
      report('failed', 0, error);
      throw new EtlError(error);
    }
    const target = idle.pop() ?? (await connectAggregation(options.databaseUrl, 'spindle-etl-worker', options.targetTimeoutSeconds));
    let keep = false;
    try {
      const done = await runOneMachine(machine, {
        target,
        mode: unit.mode,
        chunkDays: options.chunkDays,
        sourceConnections: options.sourceConnections,
        sourceTimeoutSeconds: options.sourceTimeoutSeconds,
        unit: { jobId: job.id, attempt, worker: id },
      });
      if (done.outcome !== 'succeeded') {
        report(done.outcome, 0, done.error);
        throw new EtlError(done.error); // back to the queue, for a retry
      }
      report('succeeded', done.result.rowsRead);
      keep = !isBroken(target);
      return { rowsRead: done.result.rowsRead, days: done.result.days, durationMs: done.result.durationMs };
    } finally {
      // Only after a unit that went well: a failed one may have left its session in any state.
      if (keep) idle.push(target);
      else await closeClient(target);
    }
  };

  const pollingIntervalSeconds = Math.max(0.5, options.pollSeconds ?? 2);
  for (let i = 0; i < concurrency; i++) {
    await queue.work({ pollingIntervalSeconds }, runUnit);
  }

  let resolveStopped!: () => void;
  const stopped = new Promise<void>((r) => (resolveStopped = r));
  let stopping: Promise<void> | undefined;
  let idleTimer: ReturnType<typeof setInterval> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      clearInterval(idleTimer);
      await queue.stop({ graceful: true, timeoutMs: 24 * 3_600_000 });
      await Promise.all(idle.splice(0).map(closeClient));
      resolveStopped();
    })();
    return stopping;
  };
  if (options.exitWhenIdle) {
    idleTimer = setInterval(async () => {
      try {
        if ((await queue.pending()) === 0) void stop();
      } catch (err) {
        options.onError?.(err as Error);
      }
    }, pollingIntervalSeconds * 1000);
  }
  return { id, stop, stopped };
}
