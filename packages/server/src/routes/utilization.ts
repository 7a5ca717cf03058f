import { type ColumnOf, type Selected, selectList } from '@spindle/core/store';
import type { JsonBody, OperationRouter } from '../contract/operation-types.js';
import { dayRange } from '../respond/day-range.js';
import { fleetMachines } from './fleet-scope.js';
import { machineOf, type RouteContext } from './route-context.js';

// metrics.md §4, §11, §13: the five states, planned time and running inside and outside it.
const FIELDS = {
  runningSeconds: 'running_seconds',
  idleSeconds: 'idle_seconds',
  standbySeconds: 'standby_seconds',
  emergencySeconds: 'emergency_seconds',
  offlineSeconds: 'offline_seconds',
  coveredSeconds: 'covered_seconds',
  plannedSeconds: 'planned_seconds',
  plannedRunningSeconds: 'planned_running_seconds',
  unplannedRunningSeconds: 'unplanned_running_seconds',
} as const satisfies Record<string, ColumnOf<'utilization_day'> & ColumnOf<'utilization_shift'>>;
type Durations = Selected<'utilization_day', typeof FIELDS>;

const SECONDS = selectList('utilization_day', FIELDS);
const SUMS = Object.entries(FIELDS)
  .map(([field, column]) => `sum(${column}) AS "${field}"`)
  .join(', ');
const COLUMNS = ['day', 'shift', ...Object.keys(FIELDS), 'availability'];

/** metrics.md §13: planned running over planned, from sums; null when nothing was planned. */
function withAvailability<T extends Durations>(row: T): T & { availability: number | null } {
  return { ...row, availability: row.plannedSeconds > 0 ? row.plannedRunningSeconds / row.plannedSeconds : null };
}

export function utilizationRoutes(router: OperationRouter, ctx: RouteContext): void {
  // metrics.md §4: per production day, or per (day, shift) with zeros included.
  router.get('/api/v1/machines/{id}/utilization', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (reply.unchanged([machine])) return;
    const byShift = req.query.by === 'shift';
    const { rows } = await ctx.db.query<Durations & Selected<'utilization_shift', { day: 'day'; shift: 'shift' }>>(
      byShift
        ? `SELECT ${selectList('utilization_shift', { day: 'day', shift: 'shift' })}, ${SECONDS} FROM utilization_shift WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, shift_index`
        : `SELECT ${selectList('utilization_day', { day: 'day' })}, NULL AS shift, ${SECONDS} FROM utilization_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day`,
      [machine.id, from, to],
    );
    reply.list({ items: rows.map(withAvailability) }, COLUMNS, machine);
  });

  // metrics.md §10: `from` and `to` apply in each machine's own calendar. One query for any number of machines.
  router.get('/api/v1/fleet/utilization', async (req, reply) => {
    const { from, to } = dayRange(req, ctx.maxDays);
    const machines = await fleetMachines(ctx, req);
    if (reply.unchanged(machines)) return;
    const ids = machines.map((m) => m.id);
    let items: JsonBody<'/api/v1/fleet/utilization'>['items'];
    if (req.query.by === 'day' || req.query.by === 'shift') {
      const byShift = req.query.by === 'shift';
      const { rows } = await ctx.db.query<Durations & { machineId: string; day: string; shift: string | null }>(
        byShift
          ? `SELECT machine_id AS "machineId", ${selectList('utilization_shift', { day: 'day', shift: 'shift' })}, ${SECONDS}
               FROM utilization_shift WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3 ORDER BY machine_id, day, shift_index`
          : `SELECT machine_id AS "machineId", ${selectList('utilization_day', { day: 'day' })}, NULL AS shift, ${SECONDS}
               FROM utilization_day WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3 ORDER BY machine_id, day`,
        [ids, from, to],
      );
      items = rows.map(withAvailability);
    } else {
      const { rows } = await ctx.db.query<Durations & { machine_id: string }>(
        `SELECT machine_id, ${SUMS} FROM utilization_day WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY machine_id`,
        [ids, from, to],
      );
      const byMachine = new Map(rows.map((r) => [r.machine_id, r]));
      const zero = Object.fromEntries(Object.keys(FIELDS).map((f) => [f, 0])) as Durations;
      items = machines.map((m) => {
        const { machine_id: _id, ...sums } = byMachine.get(m.id) ?? { machine_id: m.id, ...zero };
        return { machineId: m.id, day: null, shift: null, ...withAvailability(sums) };
      });
    }
    reply.list({ items }, ['machineId', ...COLUMNS]);
  });
}
