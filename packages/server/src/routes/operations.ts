import type { OperationRouter } from '../http/operation-router.js';
import { readStatus } from '@spindle/etl';
import { allowedMachines } from '../http/access-control.js';
import { sendList } from '../http/respond.js';
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
  'lastRun.malformedAlarmRows',
  'lastRun.error',
];

export function operationRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });

  // Ready when the aggregation DB answers; a failure here becomes 503 in the error handler.
  router.get('/readyz', async (_req, res) => {
    await ctx.db.query('SELECT 1');
    res.json({ status: 'ok' });
  });

  router.get('/api/v1/status', async (req, res) => {
    const allowed = allowedMachines(res);
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
          malformedAlarmRows: s.lastRun.malformedAlarmRows,
          error: s.lastRun.error,
        },
      }));
    sendList(req, res, { items }, COLUMNS, ctx.cacheSeconds);
  });
}
