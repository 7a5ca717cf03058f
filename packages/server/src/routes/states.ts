import { localIso } from '@spindle/core';
import { type Selected, selectList } from '@spindle/core/store';
import type { OperationRouter } from '../contract/operation-router.js';
import { dayRange } from '../respond/day-range.js';
import { sendList } from '../respond/send-list.js';
import { machineOf, type RouteContext } from './route-context.js';

const INTERVAL = { start: 'start_at', end: 'end_at', state: 'state' } as const;
type Interval = Selected<'state_interval', typeof INTERVAL>;

export function stateRoutes(router: OperationRouter, ctx: RouteContext): void {
  // metrics.md §4: maximal runs of one state. The ETL stores them cut at day
  // boundaries, so runs that continue across midnight are joined here.
  router.get('/api/v1/machines/:id/states', async (req, res) => {
    const machine = await machineOf(ctx, req.params.id!);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (ctx.unchanged(req, res, [machine])) return;
    const { rows } = await ctx.db.query<Interval>(
      `SELECT ${selectList('state_interval', INTERVAL)} FROM state_interval
        WHERE machine_id = $1 AND day BETWEEN $2 AND $3 ORDER BY start_at`,
      [machine.id, from, to],
    );
    const zone = machine.config.timezone;
    const items: { start: string; startLocal: string; end: string; endLocal: string; state: string }[] = [];
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
    sendList(req, res, { items }, ['start', 'startLocal', 'end', 'endLocal', 'state'], ctx.cacheSeconds, machine);
  });
}
