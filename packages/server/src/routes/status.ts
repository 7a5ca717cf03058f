import { localIso } from '@spindle/core';
import type { OperationRouter } from '../contract/operation-types.js';
import { readStatus } from '@spindle/core/store';
import type { RouteContext } from './route-context.js';

const COLUMNS = [
  'machineId',
  'watermark',
  'watermarkLocal',
  'firstDay',
  'lastDay',
  'currentRun.startedAt',
  'currentRun.startedAtLocal',
  'currentRun.worker',
  'lastRun.startedAt',
  'lastRun.startedAtLocal',
  'lastRun.finishedAt',
  'lastRun.finishedAtLocal',
  'lastRun.status',
  'lastRun.rowsRead',
  'lastRun.invalidRows',
  'lastRun.implausibleDateRows',
  'lastRun.malformedAlarmRows',
  'lastRun.error',
];

/** What an embed token reads instead of a failed run's error, which may name databases, hosts and roles. */
export const HIDDEN_ERROR = 'the last run failed; its error is shown to API keys only';

/** The ETL status per machine: watermark, covered days, the run in progress and the last one. */
export function statusRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/status', async (req, reply) => {
    const allowed = req.allowedMachines;
    // Local times in each machine's zone; a machine the ETL ran but the served fleet lacks reads UTC.
    const zones = new Map((await ctx.machines.list()).map((m) => [m.id, m.config.timezone]));
    const items = (await readStatus(ctx.db))
      .filter((s) => !allowed || allowed.has(s.machineId))
      .map((s) => {
        const at = (iso: string) => localIso(Date.parse(iso), zones.get(s.machineId) ?? 'UTC');
        const local = (iso: string | null) => (iso === null ? null : at(iso));
        return {
          machineId: s.machineId,
          watermark: s.watermark,
          watermarkLocal: local(s.watermark),
          firstDay: s.firstDay,
          lastDay: s.lastDay,
          currentRun: s.currentRun && {
            startedAt: s.currentRun.startedAt,
            startedAtLocal: at(s.currentRun.startedAt),
            worker: s.currentRun.worker,
          },
          lastRun: s.lastRun && {
            startedAt: s.lastRun.startedAt,
            startedAtLocal: at(s.lastRun.startedAt),
            finishedAt: s.lastRun.finishedAt,
            finishedAtLocal: local(s.lastRun.finishedAt),
            status: s.lastRun.status,
            rowsRead: s.lastRun.rowsRead,
            invalidRows: s.lastRun.invalidRows,
            implausibleDateRows: s.lastRun.implausibleDateRows,
            malformedAlarmRows: s.lastRun.malformedAlarmRows,
            error: s.lastRun.error !== null && req.credential === 'token' ? HIDDEN_ERROR : s.lastRun.error,
          },
        };
      });
    reply.list({ items }, COLUMNS);
  });
}
