import type PgBoss from 'pg-boss';
import { EtlError, describeError } from '../errors.js';
import type { WorkUnit } from './work-unit.js';

/** pg-boss keeps its tables in this schema of the aggregation DB. */
export const QUEUE_SCHEMA = 'spindle_queue';
/** The one queue of work units. */
export const UNIT_QUEUE = 'spindle-etl-unit';

/** How units are retried, set by whoever enqueues them and carried by each unit. */
export interface UnitPolicy {
  /** Attempts after the first when a unit fails (default 3), each after an exponentially longer pause. */
  retries?: number;
  /** Seconds before the first retry (default 30). */
  retryDelaySeconds?: number;
  /**
   * Seconds a unit may stay active before it counts as lost (its worker was
   * killed) and goes to another worker (default 3600).
   */
  unitTimeoutSeconds?: number;
}

export interface QueueConnection {
  /** How often this process looks for lost units (default 60). */
  maintenanceSeconds?: number;
  /** Connections of the queue's own pool (default 4). */
  connections?: number;
}

/** A unit as a worker takes it from the queue. */
export interface QueuedUnit {
  id: string;
  unit: WorkUnit;
  /** Tries before this one. */
  retryCount: number;
}

export interface EtlQueue {
  /** Adds units; returns how many were queued. */
  enqueue(units: readonly WorkUnit[], policy?: UnitPolicy): Promise<number>;
  /** Runs `handler` on each unit taken, one at a time per call; a unit whose handler throws is retried by its policy. */
  work(options: { pollingIntervalSeconds: number }, handler: (job: QueuedUnit) => Promise<unknown>): Promise<void>;
  /** Units not finished yet: waiting, retrying or active. */
  pending(): Promise<number>;
  stop(options?: { graceful?: boolean; timeoutMs?: number }): Promise<void>;
}

/** pg-boss, loaded only in scale-out mode: an optional peer dependency, so a server or plain cron install goes without it. */
async function loadPgBoss(): Promise<typeof PgBoss> {
  try {
    return (await import('pg-boss')).default;
  } catch (err) {
    throw new EtlError('the scale-out mode (enqueue, worker, backfill --queue) needs pg-boss: npm install pg-boss@^10', { cause: err });
  }
}

/**
 * The job queue of the scale-out mode (architecture.md): pg-boss in the
 * aggregation DB. pg-boss rather than graphile-worker because a unit of a killed
 * worker comes back after a configurable timeout (graphile-worker's lock lasts
 * 4 hours), and its `singleton` policy keyed by machine lets one unit per machine
 * be active at a time, so workers pick other machines instead of waiting on a lock.
 */
export async function openQueue(databaseUrl: string, settings: QueueConnection = {}, onError?: (error: Error) => void): Promise<EtlQueue> {
  const Boss = await loadPgBoss();
  const boss = new Boss({
    connectionString: databaseUrl,
    schema: QUEUE_SCHEMA,
    application_name: 'spindle-etl-queue',
    max: settings.connections ?? 4,
    maintenanceIntervalSeconds: settings.maintenanceSeconds ?? 60,
  });
  boss.on('error', (err: Error) => onError?.(err));
  try {
    await boss.start();
    await boss.createQueue(UNIT_QUEUE, { name: UNIT_QUEUE, policy: 'singleton' }); // no-op when it exists
  } catch (err) {
    await boss.stop({ graceful: false, wait: true }).catch(() => {});
    throw new EtlError(`cannot open the job queue in the aggregation DB: ${describeError(err)}`, { cause: err });
  }
  return {
    async enqueue(units, policy = {}) {
      const jobs = units.map((unit) => ({
        name: UNIT_QUEUE,
        data: unit,
        singletonKey: unit.machineId,
        retryLimit: policy.retries ?? 3,
        retryDelay: policy.retryDelaySeconds ?? 30,
        retryBackoff: true,
        expireInSeconds: policy.unitTimeoutSeconds ?? 3600,
      }));
      if (jobs.length > 0) await boss.insert(jobs);
      return jobs.length;
    },
    async work({ pollingIntervalSeconds }, handler) {
      await boss.work<WorkUnit>(UNIT_QUEUE, { batchSize: 1, pollingIntervalSeconds, includeMetadata: true }, async ([job]) => {
        if (job) return handler({ id: job.id, unit: job.data, retryCount: job.retryCount });
      });
    },
    pending: () => boss.getQueueSize(UNIT_QUEUE, { before: 'completed' }),
    stop: ({ graceful = true, timeoutMs = 30_000 } = {}) => boss.stop({ graceful, wait: true, timeout: timeoutMs }),
  };
}
