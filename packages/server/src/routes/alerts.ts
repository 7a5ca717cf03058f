import { type Selected, selectList } from '@spindle/core/store';
import type { OperationRequest, OperationRouter } from '../contract/operation-types.js';
import { localIso, OTHER_CATEGORY } from '@spindle/core';
import { dayRange } from '../respond/day-range.js';
import { mountPath, pathOf } from '../http/request-target.js';
import { badRequest } from '../http/http-error.js';
import type { ServedMachine } from '../db/machine-record.js';
import { fleetMachines } from './fleet-scope.js';
import { machineOf, type RouteContext } from './route-context.js';

const DAY_COUNT = { day: 'day', category: 'category', count: 'count' } as const;
const OCCURRENCE = {
  raised_at: 'raised_at',
  cleared_at: 'cleared_at',
  identity: 'identity',
  code: 'code',
  description: 'description',
  category: 'category',
} as const;

type DayCount = Selected<'alarm_day', typeof DAY_COUNT>;

/** The stored daily counts of the machines that have an alarms variable, by machine. */
async function dailyCounts(ctx: RouteContext, machines: readonly ServedMachine[], from: string, to: string) {
  const ids = machines.filter((m) => m.config.variables.alarms !== null).map((m) => m.id);
  const byMachine = new Map<string, DayCount[]>();
  if (ids.length === 0) return byMachine;
  const { rows } = await ctx.db.query<DayCount & { machine_id: string }>(
    `SELECT machine_id, ${selectList('alarm_day', DAY_COUNT)} FROM alarm_day WHERE machine_id = ANY($1) AND day BETWEEN $2 AND $3`,
    [ids, from, to],
  );
  for (const { machine_id, ...r } of rows) (byMachine.get(machine_id) ?? byMachine.set(machine_id, []).get(machine_id)!).push(r);
  return byMachine;
}

/** Every covered day of [from, to] × every category (configured, the fallback, any stored), zeros included. */
function dailyItems(machine: ServedMachine, from: string, to: string, rows: readonly DayCount[]) {
  const items: { day: string; category: string; count: number }[] = [];
  if (machine.config.variables.alarms === null || !machine.firstDay || !machine.lastDay) return items;
  const first = from < machine.firstDay ? machine.firstDay : from;
  const last = to > machine.lastDay ? machine.lastDay : to;
  const counts = new Map(rows.map((r) => [`${r.day}:${r.category}`, r.count as number]));
  const categories = [
    ...new Set([...machine.config.alarmCategories.map((c) => c.category), OTHER_CATEGORY, ...rows.map((r) => r.category as string)]),
  ];
  for (const day of first <= last ? machine.calendar.daysBetween(first, last) : []) {
    for (const category of categories) items.push({ day, category, count: counts.get(`${day}:${category}`) ?? 0 });
  }
  return items;
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The opaque cursor: the last item's (raisedAt, identity), base64url JSON. Only
 * the exact shape this server writes is taken (an instant as toISOString writes
 * it, an identity without NUL), so a crafted one is a 400, never a query error.
 */
function decodeCursor(cursor: string): [string, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length === 2) {
      const [raisedAt, identity] = value as unknown[];
      if (
        typeof raisedAt === 'string' &&
        ISO_INSTANT.test(raisedAt) &&
        !Number.isNaN(Date.parse(raisedAt)) &&
        new Date(raisedAt).toISOString() === raisedAt &&
        typeof identity === 'string' &&
        !identity.includes('\u0000')
      ) {
        return [raisedAt, identity];
      }
    }
  } catch {
    // reported below
  }
  throw badRequest('cursor is not one this server issued', [
    { name: 'cursor', in: 'query', message: 'use the `next` URL of a previous page' },
  ]);
}

const encodeCursor = (raisedAt: string, identity: string) => Buffer.from(JSON.stringify([raisedAt, identity])).toString('base64url');

/** The next page: this request's URL, where a portal mounted the server included, with the cursor set. */
function nextUrl(req: OperationRequest<'/api/v1/machines/{id}/alerts'>, cursor: string): string {
  const params = new URLSearchParams(Object.entries(req.query).map(([k, v]): [string, string] => [k, String(v)]));
  params.set('cursor', cursor);
  return `${mountPath(req.raw)}${pathOf(req.url)}?${params}`;
}

export function alertRoutes(router: OperationRouter, ctx: RouteContext): void {
  // metrics.md §8: occurrences per day of raisedAt and category, zeros included.
  router.get('/api/v1/machines/{id}/alerts/daily', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (reply.unchanged([machine])) return;
    const counts = await dailyCounts(ctx, [machine], from, to);
    const items = dailyItems(machine, from, to, counts.get(machine.id) ?? []);
    reply.list({ items }, ['day', 'category', 'count'], machine);
  });

  // The same for several machines, in one query whatever their number.
  router.get('/api/v1/fleet/alerts/daily', async (req, reply) => {
    const { from, to } = dayRange(req, ctx.maxDays);
    const machines = await fleetMachines(ctx, req);
    if (reply.unchanged(machines)) return;
    const counts = await dailyCounts(ctx, machines, from, to);
    const items = machines.flatMap((m) => dailyItems(m, from, to, counts.get(m.id) ?? []).map((i) => ({ machineId: m.id, ...i })));
    reply.list({ items }, ['machineId', 'day', 'category', 'count']);
  });

  // Newest first; ties in raisedAt by identity ascending (metrics.md §10). Keyset pages.
  router.get('/api/v1/machines/{id}/alerts', async (req, reply) => {
    const machine = await machineOf(ctx, req.params.id);
    const { from, to } = dayRange(req, ctx.maxDays);
    if (reply.unchanged([machine])) return;
    const limit = Number(req.query.limit ?? 100);
    const params: unknown[] = [machine.id, from, to, limit + 1];
    let where = 'machine_id = $1 AND day BETWEEN $2 AND $3';
    if (req.query.category !== undefined) {
      params.push(req.query.category);
      where += ` AND category = $${params.length}`;
    }
    if (req.query.cursor !== undefined) {
      const [raisedAt, identity] = decodeCursor(req.query.cursor);
      params.push(raisedAt, identity);
      where += ` AND (raised_at < $${params.length - 1} OR (raised_at = $${params.length - 1} AND identity > $${params.length}))`;
    }
    const { rows } = await ctx.db.query<Selected<'alarm_occurrence', typeof OCCURRENCE>>(
      `SELECT ${selectList('alarm_occurrence', OCCURRENCE)} FROM alarm_occurrence
        WHERE ${where} ORDER BY raised_at DESC, identity ASC LIMIT $4`,
      params,
    );
    const page = rows.slice(0, limit);
    const zone = machine.config.timezone;
    const items = page.map((r) => ({
      raisedAt: r.raised_at.toISOString(),
      raisedAtLocal: localIso(r.raised_at.getTime(), zone),
      clearedAt: r.cleared_at === null ? null : r.cleared_at.toISOString(),
      clearedAtLocal: r.cleared_at === null ? null : localIso(r.cleared_at.getTime(), zone),
      durationSeconds: r.cleared_at === null ? null : (r.cleared_at.getTime() - r.raised_at.getTime()) / 1000,
      code: r.code,
      description: r.description,
      category: r.category,
    }));
    const last = page[page.length - 1];
    const next = rows.length > limit && last ? nextUrl(req, encodeCursor(last.raised_at.toISOString(), last.identity)) : null;
    if (next) reply.header('Link', `<${next}>; rel="next"`);
    reply.list(
      { items, next },
      ['raisedAt', 'raisedAtLocal', 'clearedAt', 'clearedAtLocal', 'durationSeconds', 'code', 'description', 'category'],
      machine,
    );
  });
}
