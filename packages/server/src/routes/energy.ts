import { type Selected, selectList } from '@spindle/core/store';
import type { OperationRouter } from '../contract/operation-router.js';
import type { ServedMachine } from '../db/machine-record.js';
import { dayRange } from '../respond/day-range.js';
import { sendList } from '../respond/send-list.js';
import { machineOf, type RouteContext } from './route-context.js';

const iso = (d: Date) => d.toISOString();
const dayStartIso = (m: ServedMachine, day: string) => new Date(m.calendar.dayStart(day)).toISOString();

const HOUR = { start_at: 'start_at', day: 'day', kwh: 'kwh' } as const;

/** metrics.md §7: energy per hour, or per production day. */
export function energyRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines/:id/energy', async (req, res) => {
    const machine = await machineOf(ctx, req.params.id!);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (ctx.unchanged(req, res, [machine])) return;
    const params = [machine.id, from, to];
    let items: Record<string, unknown>[];
    if (req.query.bucket === 'day') {
      const { rows } = await ctx.db.query<Selected<'energy_hour', { day: 'day'; kwh: 'kwh' }>>(
        `SELECT ${selectList('energy_hour', { day: 'day' })}, sum(kwh) AS kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day`,
        params,
      );
      // metrics.md §10: a row for every day from day(a0) to day(W), 0 kWh included, so
      // also day(W) when W falls on its start and no hour of it lies before W.
      const kwh = new Map(rows.map((r) => [r.day, r.kwh]));
      const first = machine.firstDay && machine.firstDay > from ? machine.firstDay : from;
      const last = machine.lastDay && machine.lastDay < to ? machine.lastDay : to;
      const days = machine.firstDay && machine.lastDay && first <= last ? machine.calendar.daysBetween(first, last) : [];
      items = days.map((day) => ({ start: dayStartIso(machine, day), day, kwh: kwh.get(day) ?? 0 }));
    } else {
      const { rows } = await ctx.db.query<Selected<'energy_hour', typeof HOUR>>(
        `SELECT ${selectList('energy_hour', HOUR)} FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at`,
        params,
      );
      items = rows.map((r) => ({ start: iso(r.start_at), day: r.day, kwh: r.kwh }));
    }
    sendList(req, res, { items }, ['start', 'day', 'kwh'], ctx.cacheSeconds, machine.config.timezone);
  });
}
