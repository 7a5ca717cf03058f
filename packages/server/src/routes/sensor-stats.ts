import { localIso } from '@spindle/core';
import { type Selected, selectList } from '@spindle/core/store';
import type { JsonBody, OperationRouter } from '../contract/operation-types.js';
import type { ServedMachine } from '../db/machine-record.js';
import { dayRange } from '../respond/day-range.js';
import { HttpError } from '../http/http-error.js';
import { machineOf, type RouteContext } from './route-context.js';

const iso = (d: Date) => d.toISOString();
const HOUR = { start_at: 'start_at', day: 'day', count: 'count', min: 'min', max: 'max', avg: 'avg', stddev: 'stddev' } as const;
const dayStartIso = (m: ServedMachine, day: string) => new Date(m.calendar.dayStart(day)).toISOString();

/**
 * metrics.md §5: a day's statistics from its hours' count, sum and sum of squares
 * (the combined sample variance), with min and max of the hours.
 */
export function rollupStddev(count: number, sum: number, sumsq: number): number | null {
  if (count < 2) return null;
  return Math.sqrt(Math.max(0, (sumsq - (sum * sum) / count) / (count - 1)));
}

/** metrics.md §5: hourly statistics of one sensor, or days rolled up from them. */
export function sensorStatsRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines/{id}/sensor-stats', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    const sensor = req.query.sensor;
    const known = machine.config.variables.sensors.map((s) => s.name);
    if (!known.includes(sensor)) {
      throw new HttpError(404, 'Not found', `machine ${machine.id} has no sensor "${sensor}"`, [
        { name: 'sensor', in: 'query', message: `must be one of: ${known.join(', ') || '(no sensors configured)'}` },
      ]);
    }
    if (reply.unchanged([machine])) return;
    const params = [machine.id, sensor, from, to];
    let items: JsonBody<'/api/v1/machines/{id}/sensor-stats'>['items'];
    if (req.query.bucket === 'day') {
      const { rows } = await ctx.db.query(
        `SELECT day::text AS day, sum(count)::float8 AS count, min(min) AS min, max(max) AS max, sum(sum) AS sum, sum(sumsq) AS sumsq
           FROM sensor_hour WHERE machine_id = $1 AND sensor = $2 AND day BETWEEN $3 AND $4 GROUP BY day ORDER BY day`,
        params,
      );
      items = rows.map((r) => ({
        start: dayStartIso(machine, r.day),
        startLocal: localIso(machine.calendar.dayStart(r.day), machine.config.timezone),
        day: r.day,
        count: r.count,
        min: r.min,
        max: r.max,
        avg: r.sum / r.count,
        stddev: rollupStddev(r.count, r.sum, r.sumsq),
      }));
    } else {
      const { rows } = await ctx.db.query<Selected<'sensor_hour', typeof HOUR>>(
        `SELECT ${selectList('sensor_hour', HOUR)}
           FROM sensor_hour WHERE machine_id = $1 AND sensor = $2 AND day BETWEEN $3 AND $4 ORDER BY start_at`,
        params,
      );
      items = rows.map(({ start_at, ...r }) => ({
        start: iso(start_at),
        startLocal: localIso(start_at.getTime(), machine.config.timezone),
        ...r,
      }));
    }
    reply.list({ items }, ['start', 'startLocal', 'day', 'count', 'min', 'max', 'avg', 'stddev'], machine);
  });
}
