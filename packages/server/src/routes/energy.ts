import { localIso } from '@spindle/core';
import { type Selected, selectList } from '@spindle/core/store';
import type { OperationRouter } from '../contract/operation-types.js';
import type { ServedMachine } from '../db/machine-record.js';
import { dayRange } from '../respond/day-range.js';
import { fleetMachines } from './fleet-scope.js';
import { machineOf, type RouteContext } from './route-context.js';

const iso = (d: Date) => d.toISOString();
const dayStartIso = (m: ServedMachine, day: string) => new Date(m.calendar.dayStart(day)).toISOString();

const HOUR = { start_at: 'start_at', day: 'day', kwh: 'kwh' } as const;

/**
 * metrics.md §10: a day row for every covered day in [from, to] (day(a0) to day(W)),
 * 0 kWh included, so also day(W) when W falls on its start and no hour of it lies before W.
 */
function dayItems(machine: ServedMachine, from: string, to: string, kwh: ReadonlyMap<string, number>) {
  const first = machine.firstDay && machine.firstDay > from ? machine.firstDay : from;
  const last = machine.lastDay && machine.lastDay < to ? machine.lastDay : to;
  const days = machine.firstDay && machine.lastDay && first <= last ? machine.calendar.daysBetween(first, last) : [];
  return days.map((day) => ({
    start: dayStartIso(machine, day),
    startLocal: localIso(machine.calendar.dayStart(day), machine.config.timezone),
    day,
    kwh: kwh.get(day) ?? 0,
  }));
}

/** metrics.md §7: energy per hour, or per production day. */
export function energyRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines/{id}/energy', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (reply.unchanged([machine])) return;
    const params = [machine.id, from, to];
    let items: ReturnType<typeof dayItems>;
    if (req.query.bucket === 'day') {
      const { rows } = await ctx.db.query<Selected<'energy_hour', { day: 'day'; kwh: 'kwh' }>>(
        `SELECT ${selectList('energy_hour', { day: 'day' })}, sum(kwh) AS kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day`,
        params,
      );
      items = dayItems(machine, from, to, new Map(rows.map((r) => [r.day, r.kwh])));
    } else {
      const { rows } = await ctx.db.query<Selected<'energy_hour', typeof HOUR>>(
        `SELECT ${selectList('energy_hour', HOUR)} FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at`,
        params,
      );
      items = rows.map((r) => ({
        start: iso(r.start_at),
        startLocal: localIso(r.start_at.getTime(), machine.config.timezone),
        day: r.day,
        kwh: r.kwh,
      }));
    }
    reply.list({ items }, ['start', 'startLocal', 'day', 'kwh'], machine);
  });

  // The same rows for several machines, in two queries at most whatever their number.
  router.get('/api/v1/fleet/energy', async (req, reply) => {
    const { from, to } = dayRange(req, ctx.maxDays);
    const machines = await fleetMachines(ctx, req);
    if (reply.unchanged(machines)) return;
    const params = [machines.map((m) => m.id), from, to];
    const items: ({ machineId: string } & ReturnType<typeof dayItems>[number])[] = [];
    if (req.query.bucket === 'day') {
      const { rows } = await ctx.db.query<{ machine_id: string; day: string; kwh: number }>(
        `SELECT machine_id, day::text AS day, sum(kwh) AS kwh FROM energy_hour
          WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3 GROUP BY machine_id, day`,
        params,
      );
      const kwh = new Map<string, Map<string, number>>();
      for (const r of rows) (kwh.get(r.machine_id) ?? kwh.set(r.machine_id, new Map()).get(r.machine_id)!).set(r.day, r.kwh);
      for (const m of machines) {
        for (const row of dayItems(m, from, to, kwh.get(m.id) ?? new Map())) items.push({ machineId: m.id, ...row });
      }
    } else {
      const { rows } = await ctx.db.query<{ machine_id: string; start_at: Date; day: string; kwh: number }>(
        `SELECT machine_id, start_at, day::text AS day, kwh FROM energy_hour
          WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3 ORDER BY machine_id, start_at`,
        params,
      );
      const zones = new Map(machines.map((m) => [m.id, m.config.timezone]));
      for (const r of rows) {
        const startLocal = localIso(r.start_at.getTime(), zones.get(r.machine_id)!);
        items.push({ machineId: r.machine_id, start: iso(r.start_at), startLocal, day: r.day, kwh: r.kwh });
      }
    }
    reply.list({ items }, ['machineId', 'start', 'startLocal', 'day', 'kwh']);
  });
}
