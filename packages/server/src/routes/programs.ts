import { type Selected, selectList } from '@spindle/core/store';
import type { OperationRouter } from '../contract/operation-types.js';
import { dayRange } from '../respond/day-range.js';
import { fleetMachines } from './fleet-scope.js';
import { machineOf, type RouteContext } from './route-context.js';

const PROGRAM = { day: 'day', program: 'program', runningSeconds: 'running_seconds', energyKwh: 'energy_kwh' } as const;

/** metrics.md §6: running time and energy per program and production day. */
export function programRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines/{id}/programs', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (reply.unchanged([machine])) return;
    const { rows } = await ctx.db.query<Selected<'program_day', typeof PROGRAM>>(
      `SELECT ${selectList('program_day', PROGRAM)}
         FROM program_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, program NULLS FIRST`,
      [machine.id, from, to],
    );
    reply.list({ items: rows }, ['day', 'program', 'runningSeconds', 'energyKwh'], machine);
  });

  router.get('/api/v1/fleet/programs', async (req, reply) => {
    const { from, to } = dayRange(req, ctx.maxDays);
    const machines = await fleetMachines(ctx, req);
    if (reply.unchanged(machines)) return;
    const { rows } = await ctx.db.query<Selected<'program_day', typeof PROGRAM> & { machineId: string }>(
      `SELECT machine_id AS "machineId", ${selectList('program_day', PROGRAM)}
         FROM program_day WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3 ORDER BY machine_id, day, program NULLS FIRST`,
      [machines.map((m) => m.id), from, to],
    );
    reply.list({ items: rows }, ['machineId', 'day', 'program', 'runningSeconds', 'energyKwh']);
  });
}
