import { localIso, type MachineState } from '@spindle/core';
import { type Selected, selectList } from '@spindle/core/store';
import type { JsonBody, OperationRouter } from '../contract/operation-types.js';
import { dayRange } from '../respond/day-range.js';
import { machineOf, type RouteContext } from './route-context.js';

const INTERVAL = { start: 'start_at', end: 'end_at', state: 'state' } as const;
// The table's CHECK holds `state` to the five states.
type Interval = Omit<Selected<'state_interval', typeof INTERVAL>, 'state'> & { state: MachineState };

export function stateRoutes(router: OperationRouter, ctx: RouteContext): void {
  // metrics.md §4: maximal runs of one state. The ETL stores them cut at day
  // boundaries, so runs that continue across midnight are joined here.
  router.get('/api/v1/machines/{id}/states', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (reply.unchanged([machine])) return;
    const { rows } = await ctx.db.query<Interval>(
      `SELECT ${selectList('state_interval', INTERVAL)} FROM state_interval
        WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at`,
      [machine.id, from, to],
    );
    const zone = machine.config.timezone;
    const items: JsonBody<'/api/v1/machines/{id}/states'>['items'] = [];
    let last: Interval | null = null;
    for (const r of rows) {
      if (last && last.state === r.state && last.end.getTime() === r.start.getTime()) {
        last.end = r.end;
        const joined = items[items.length - 1]!;
        joined.end = r.end.toISOString();
        joined.endLocal = localIso(r.end.getTime(), zone);
      } else {
        last = { ...r };
        items.push({
          start: r.start.toISOString(),
          startLocal: localIso(r.start.getTime(), zone),
          end: r.end.toISOString(),
          endLocal: localIso(r.end.getTime(), zone),
          state: r.state,
        });
      }
    }
    reply.list({ items }, ['start', 'startLocal', 'end', 'endLocal', 'state'], machine);
  });
}
