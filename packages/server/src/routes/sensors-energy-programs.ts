import type { OperationRouter } from '../http/operation-router.js';
import type { ServedMachine } from '../db/machine-record.js';
import { dayRange } from '../http/day-range.js';
import { HttpError } from '../http/http-error.js';
import { sendList } from '../http/respond.js';
import type { RouteContext } from './route-context.js';

const iso = (d: Date) => d.toISOString();
const dayStartIso = (m: ServedMachine, day: string) => new Date(m.calendar.dayStart(day)).toISOString();

/**
 * metrics.md §5: a day's statistics from its hours' count, sum and sum of squares
 * (the combined sample variance), with min and max of the hours.
 */
export function rollupStddev(count: number, sum: number, sumsq: number): number | null {
  if (count < 2) return null;
  return Math.sqrt(Math.max(0, (sumsq - (sum * sum) / count) / (count - 1)));
}

export function productionRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines/:id/sensor-stats', async (req, res) => {
    const machine = await ctx.machines.get(req.params.id!);
    const { from, to } = dayRange(req, ctx.maxDays);
    const sensor = String(req.query.sensor);
    const known = machine.config.variables.sensors.map((s) => s.name);
    if (!known.includes(sensor)) {
      throw new HttpError(404, 'Not found', `machine ${machine.id} has no sensor "${sensor}"`, [
        { name: 'sensor', in: 'query', message: `must be one of: ${known.join(', ') || '(no sensors configured)'}` },
      ]);
    }
    if (ctx.unchanged(req, res, [machine])) return;
    const params = [machine.id, sensor, from, to];
    let items: Record<string, unknown>[];
    if (req.query.bucket === 'day') {
      const { rows } = await ctx.db.query(
        `SELECT day::text AS day, sum(count)::float8 AS count, min(min) AS min, max(max) AS max, sum(sum) AS sum, sum(sumsq) AS sumsq
           FROM sensor_hour WHERE machine_id = $1 AND sensor = $2 AND day BETWEEN $3 AND $4 GROUP BY day ORDER BY day`,
        params,
      );
      items = rows.map((r) => ({
        start: dayStartIso(machine, r.day),
        day: r.day,
        count: r.count,
        min: r.min,
        max: r.max,
        avg: r.sum / r.count,
        stddev: rollupStddev(r.count, r.sum, r.sumsq),
      }));
    } else {
      const { rows } = await ctx.db.query(
        `SELECT start_at, day::text AS day, count, min, max, avg, stddev
           FROM sensor_hour WHERE machine_id = $1 AND sensor = $2 AND day BETWEEN $3 AND $4 ORDER BY start_at`,
        params,
      );
      items = rows.map(({ start_at, ...r }) => ({ start: iso(start_at), ...r }));
    }
    sendList(req, res, { items }, ['start', 'day', 'count', 'min', 'max', 'avg', 'stddev'], ctx.cacheSeconds, machine.config.timezone);
  });

  router.get('/api/v1/machines/:id/energy', async (req, res) => {
    const machine = await ctx.machines.get(req.params.id!);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (ctx.unchanged(req, res, [machine])) return;
    const params = [machine.id, from, to];
    let items: Record<string, unknown>[];
    if (req.query.bucket === 'day') {
      const { rows } = await ctx.db.query(
        `SELECT day::text AS day, sum(kwh) AS kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 GROUP BY day ORDER BY day`,
        params,
      );
      items = rows.map((r) => ({ start: dayStartIso(machine, r.day), day: r.day, kwh: r.kwh }));
    } else {
      const { rows } = await ctx.db.query(
        `SELECT start_at, day::text AS day, kwh FROM energy_hour WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at`,
        params,
      );
      items = rows.map((r) => ({ start: iso(r.start_at), day: r.day, kwh: r.kwh }));
    }
    sendList(req, res, { items }, ['start', 'day', 'kwh'], ctx.cacheSeconds, machine.config.timezone);
  });

  router.get('/api/v1/machines/:id/programs', async (req, res) => {
    const machine = await ctx.machines.get(req.params.id!);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (ctx.unchanged(req, res, [machine])) return;
    const { rows } = await ctx.db.query(
      `SELECT day::text AS day, program, running_seconds AS "runningSeconds", energy_kwh AS "energyKwh"
         FROM program_day WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day, program NULLS FIRST`,
      [machine.id, from, to],
    );
    sendList(req, res, { items: rows }, ['day', 'program', 'runningSeconds', 'energyKwh'], ctx.cacheSeconds, machine.config.timezone);
  });
}
