import { categoryRank, compareCodePoints, DOWNTIME_STATES, type DowntimeState } from '@spindle/core';
import type { OperationRouter } from '../contract/operation-types.js';
import type { ServedMachine } from '../db/machine-record.js';
import { dayRange } from '../respond/day-range.js';
import { fleetMachines } from './fleet-scope.js';
import { machineOf, type RouteContext } from './route-context.js';

interface DowntimeRow {
  machine_id: string;
  day: string | null;
  state: DowntimeState;
  category: string | null;
  identity: string | null;
  code: string | null;
  description: string | null;
  seconds: number;
}

/**
 * metrics.md §12: downtime_day grouped by (day when `byDay`,) state and cause;
 * `byCode` keeps each identity with the code and description of its
 * latest-raised occurrence in the group.
 */
function downtimeQuery(byCode: boolean, byDay: boolean, where: string): string {
  const keys = ['machine_id', ...(byDay ? ['day'] : []), 'state', 'category', ...(byCode ? ['identity'] : [])];
  const latest = (column: string) => `(array_agg(${column} ORDER BY raised_at DESC NULLS LAST))[1]`;
  return `SELECT machine_id, ${byDay ? 'day::text' : 'NULL'} AS day, state, category,
                 ${byCode ? 'identity' : 'NULL'} AS identity,
                 ${byCode ? latest('code') : 'NULL'} AS code, ${byCode ? latest('description') : 'NULL'} AS description,
                 sum(seconds) AS seconds
            FROM downtime_day WHERE ${where} GROUP BY ${keys.join(', ')}`;
}

/** Code point order, as the ETL breaks ties between causes; null (no alarm) last. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return compareCodePoints(a, b);
}

/** The documented order: seconds descending, then the category order (no alarm last), identity, state. */
function paretoOrder(machines: readonly ServedMachine[]) {
  const ranks = new Map(machines.map((m) => [m.id, categoryRank(m.config.alarmCategories)]));
  const rank = (machineId: string, category: string | null) => {
    const r = ranks.get(machineId);
    return category === null || r === undefined ? Number.MAX_SAFE_INTEGER : (r.get(category) ?? r.size);
  };
  const stateRank = (s: string) => DOWNTIME_STATES.indexOf(s as (typeof DOWNTIME_STATES)[number]);
  return (a: DowntimeRow, b: DowntimeRow) =>
    b.seconds - a.seconds ||
    rank(a.machine_id, a.category) - rank(b.machine_id, b.category) ||
    compareText(a.identity, b.identity) ||
    stateRank(a.state) - stateRank(b.state) ||
    compareText(a.machine_id, b.machine_id);
}

const item = ({ day, state, category, code, description, seconds }: DowntimeRow) => ({ day, state, category, code, description, seconds });

export function downtimeRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines/{id}/downtime', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (reply.unchanged([machine])) return;
    const byDay = req.query.bucket === 'day';
    const { rows } = await ctx.db.query<DowntimeRow>(
      downtimeQuery(req.query.by === 'code', byDay, 'machine_id = $1 AND day BETWEEN $2 AND $3'),
      [machine.id, from, to],
    );
    const pareto = paretoOrder([machine]);
    rows.sort(byDay ? (a, b) => compareText(a.day, b.day) || pareto(a, b) : pareto);
    const columns = ['day', 'state', 'category', 'code', 'description', 'seconds'];
    reply.list({ items: rows.map(item) }, columns, machine);
  });

  // metrics.md §10: `from` and `to` apply in each machine's own calendar.
  router.get('/api/v1/fleet/downtime', async (req, reply) => {
    const { from, to } = dayRange(req, ctx.maxDays);
    const machines = await fleetMachines(ctx, req);
    if (reply.unchanged(machines)) return;
    const byDay = req.query.bucket === 'day';
    const { rows } = await ctx.db.query<DowntimeRow>(
      downtimeQuery(req.query.by === 'code', byDay, 'machine_id = ANY($1) AND day BETWEEN $2 AND $3'),
      [machines.map((m) => m.id), from, to],
    );
    const pareto = paretoOrder(machines);
    rows.sort(byDay ? (a, b) => compareText(a.day, b.day) || pareto(a, b) : pareto);
    const items = rows.map(({ machine_id, ...row }) => ({ machineId: machine_id, ...item({ machine_id, ...row }) }));
    reply.list({ items }, ['machineId', 'day', 'state', 'category', 'code', 'description', 'seconds']);
  });
}
