import type { OperationRouter } from '../contract/operation-router.js';
import { dayRange } from '../respond/day-range.js';
import { allowedMachines } from '../access/access-control.js';
import { sendList } from '../respond/send-list.js';
import { machineOf, type RouteContext } from './route-context.js';

const SECONDS =
  'running_seconds AS "runningSeconds", idle_seconds AS "idleSeconds", offline_seconds AS "offlineSeconds", covered_seconds AS "coveredSeconds"';
const COLUMNS = ['day', 'shift', 'runningSeconds', 'idleSeconds', 'offlineSeconds', 'coveredSeconds'];

export function utilizationRoutes(router: OperationRouter, ctx: RouteContext): void {
  // metrics.md §4: per production day, or per (day, shift) with zeros included.
  router.get('/api/v1/machines/:id/utilization', async (req, res) => {
    const machine = await machineOf(ctx, req.params.id!);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (ctx.unchanged(req, res, [machine])) return;
    const byShift = req.query.by === 'shift';
    const { rows } = await ctx.db.query(
      byShift
        ? `SELECT day::text AS day, shift, ${SECONDS} FROM utilization_shift WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, shift_index`
        : `SELECT day::text AS day, NULL AS shift, ${SECONDS} FROM utilization_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
      [machine.id, from, to],
    );
    sendList(req, res, { items: rows }, COLUMNS, ctx.cacheSeconds, machine.config.timezone);
  });

  // metrics.md §10: `from` and `to` apply in each machine's own calendar.
  router.get('/api/v1/fleet/utilization', async (req, res) => {
    const { from, to } = dayRange(req, ctx.maxDays);
    const allowed = allowedMachines(res);
    const machines = (await ctx.machines.list()).filter((m) => !allowed || allowed.has(m.id));
    if (ctx.unchanged(req, res, machines)) return;
    const { rows } = await ctx.db.query(
      `SELECT machine_id, sum(running_seconds) AS "runningSeconds", sum(idle_seconds) AS "idleSeconds",
              sum(offline_seconds) AS "offlineSeconds", sum(covered_seconds) AS "coveredSeconds"
         FROM utilization_day WHERE day BETWEEN $1 AND $2 GROUP BY machine_id`,
      [from, to],
    );
    const byMachine = new Map(rows.map((r) => [r.machine_id, r]));
    const items = machines.map((m) => {
      const r = byMachine.get(m.id);
      return {
        machineId: m.id,
        runningSeconds: r?.runningSeconds ?? 0,
        idleSeconds: r?.idleSeconds ?? 0,
        offlineSeconds: r?.offlineSeconds ?? 0,
        coveredSeconds: r?.coveredSeconds ?? 0,
      };
    });
    sendList(req, res, { items }, ['machineId', ...COLUMNS.slice(2)], ctx.cacheSeconds);
  });
}
