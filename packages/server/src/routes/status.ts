import type { OperationRouter } from '../contract/operation-router.js';
import { readStatus } from '@spindle/core/store';
import { sendList } from '../respond/send-list.js';
import type { RouteContext } from './route-context.js';

const COLUMNS = [
  'machineId',
  'watermark',
  'firstDay',
  'lastDay',
  'currentRun.startedAt',
  'currentRun.worker',
  'lastRun.startedAt',
  'lastRun.finishedAt',
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
  router.get('/api/v1/status', async (req, res) => {
    const allowed = req.allowedMachines;
    const items = (await readStatus(ctx.db))
      .filter((s) => !allowed || allowed.has(s.machineId))
      .map((s) => ({
        machineId: s.machineId,
        watermark: s.watermark,
        firstDay: s.firstDay,
        lastDay: s.lastDay,
        currentRun: s.currentRun && { startedAt: s.currentRun.startedAt, worker: s.currentRun.worker },
        lastRun: s.lastRun && {
          startedAt: s.lastRun.startedAt,
          finishedAt: s.lastRun.finishedAt,
          status: s.lastRun.status,
          rowsRead: s.lastRun.rowsRead,
          invalidRows: s.lastRun.invalidRows,
          implausibleDateRows: s.lastRun.implausibleDateRows,
          malformedAlarmRows: s.lastRun.malformedAlarmRows,
          error: s.lastRun.error !== null && req.credential === 'token' ? HIDDEN_ERROR : s.lastRun.error,
        },
      }));
    sendList(req, res, { items }, COLUMNS, ctx.cacheSeconds);
  });
}
