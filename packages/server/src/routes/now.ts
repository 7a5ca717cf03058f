import { categoryRank, compareCodePoints, localIso, type MachineState } from '@spindle/core';
import type { JsonBody, OperationRouter } from '../contract/operation-types.js';
import type { ServedMachine } from '../db/machine-record.js';
import { fleetMachines } from './fleet-scope.js';
import type { RouteContext } from './route-context.js';

type NowItem = JsonBody<'/api/v1/fleet/now'>['items'][number];

const COLUMNS = [
  'machineId',
  'name',
  'state',
  'stateSince',
  'stateSinceLocal',
  'stateSeconds',
  'program',
  'alarmCode',
  'alarmDescription',
  'alarmCategory',
  'alarmRaisedAt',
  'day',
  'runningShare',
  'availability',
  'watermark',
  'watermarkLocal',
  'timezone',
];

// How far back the start of the current state is looked for: a state older than this shows as starting then.
const SINCE_DAYS = 31;

/**
 * The fleet at its watermarks, for a status board: per machine its state and
 * since when (the maximal run, across day cuts), the program at the watermark,
 * the open alarm of the most severe category (the newest of it), and its
 * production day's running share and availability. Four queries whatever the
 * number of machines.
 */
export function nowRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/fleet/now', async (req, reply) => {
    const machines = await fleetMachines(ctx, req);
    if (reply.unchanged(machines)) return;
    const ids = machines.map((m) => m.id);
    const reached = machines.filter((m) => m.lastDay !== null);
    const [states, programs, alarms, days] = await Promise.all([
      ctx.db.query<{ machine_id: string; state: MachineState; since: Date }>(
        `WITH last AS (
           SELECT DISTINCT ON (machine_id) machine_id, state, day, end_at FROM state_interval
            WHERE machine_id = ANY($1) ORDER BY machine_id, end_at DESC),
         other AS (
           SELECT l.machine_id, max(s.end_at) AS changed_at FROM last l
             JOIN state_interval s ON s.machine_id = l.machine_id AND s.day >= l.day - ${SINCE_DAYS} AND s.state <> l.state
            GROUP BY l.machine_id)
         SELECT l.machine_id, l.state,
                coalesce(o.changed_at, (SELECT min(start_at) FROM state_interval s WHERE s.machine_id = l.machine_id AND s.day >= l.day - ${SINCE_DAYS})) AS since
           FROM last l LEFT JOIN other o USING (machine_id)`,
        [ids],
      ),
      ctx.db.query<{ machine_id: string; current_program: number | null }>(
        'SELECT machine_id, current_program FROM spindle_machine WHERE machine_id = ANY($1)',
        [ids],
      ),
      ctx.db.query<{
        machine_id: string;
        code: string | null;
        description: string | null;
        category: string;
        raised_at: Date;
        identity: string;
      }>(
        'SELECT machine_id, code, description, category, raised_at, identity FROM alarm_occurrence WHERE machine_id = ANY($1) AND cleared_at IS NULL',
        [ids],
      ),
      ctx.db.query<{
        machine_id: string;
        running_seconds: number;
        covered_seconds: number;
        planned_seconds: number;
        planned_running_seconds: number;
      }>(
        `SELECT machine_id, running_seconds, covered_seconds, planned_seconds, planned_running_seconds FROM utilization_day
          WHERE (machine_id, day) IN (SELECT * FROM unnest($1::text[], $2::date[]))`,
        [reached.map((m) => m.id), reached.map((m) => m.lastDay)],
      ),
    ]);
    const stateOf = new Map(states.rows.map((r) => [r.machine_id, r]));
    const programOf = new Map(programs.rows.map((r) => [r.machine_id, r.current_program]));
    const dayOf = new Map(days.rows.map((r) => [r.machine_id, r]));
    const items = machines.map((m): NowItem => {
      const state = stateOf.get(m.id);
      const alarm = mostSevere(m, alarms.rows);
      const day = dayOf.get(m.id);
      const zone = m.config.timezone;
      const at = m.watermark?.getTime() ?? null;
      return {
        machineId: m.id,
        name: m.name,
        state: state?.state ?? null,
        stateSince: state ? state.since.toISOString() : null,
        stateSinceLocal: state ? localIso(state.since.getTime(), zone) : null,
        stateSeconds: state && at !== null ? Math.max(0, (at - state.since.getTime()) / 1000) : null,
        program: programOf.get(m.id) ?? null,
        alarmCode: alarm?.code ?? null,
        alarmDescription: alarm?.description ?? null,
        alarmCategory: alarm?.category ?? null,
        alarmRaisedAt: alarm ? alarm.raised_at.toISOString() : null,
        day: m.lastDay,
        runningShare: day && day.covered_seconds > 0 ? day.running_seconds / day.covered_seconds : null,
        availability: day && day.planned_seconds > 0 ? day.planned_running_seconds / day.planned_seconds : null,
        watermark: at === null ? null : new Date(at).toISOString(),
        watermarkLocal: at === null ? null : localIso(at, zone),
        timezone: zone,
      };
    });
    reply.list({ items }, COLUMNS);
  });
}

/** The open alarm of the machine's most severe category (its rules' order), the newest of them, ties by identity. */
function mostSevere<A extends { machine_id: string; category: string; raised_at: Date; identity: string }>(
  machine: ServedMachine,
  open: readonly A[],
): A | undefined {
  const rank = categoryRank(machine.config.alarmCategories);
  const r = (a: A) => rank.get(a.category) ?? rank.size;
  return open
    .filter((a) => a.machine_id === machine.id)
    .sort((a, b) => r(a) - r(b) || b.raised_at.getTime() - a.raised_at.getTime() || compareCodePoints(a.identity, b.identity))[0];
}
