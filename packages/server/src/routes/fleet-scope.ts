import type { FastifyRequest } from 'fastify';
import type { ServedMachine } from '../db/machine-record.js';
import { badRequest, HttpError } from '../http/http-error.js';
import type { RouteContext } from './route-context.js';

/**
 * The machines a fleet operation answers for: those `machines=` names (each once,
 * by id), or every machine the credential opens. Naming a machine an embed token
 * does not open is a 403, one that does not exist a 400 naming it: a fleet answer
 * never silently leaves out what was asked for.
 */
export async function fleetMachines(
  ctx: RouteContext,
  req: Pick<FastifyRequest, 'allowedMachines'> & { query: { machines?: string } },
): Promise<ServedMachine[]> {
  const all = await ctx.machines.list();
  const allowed = req.allowedMachines;
  const asked = req.query.machines;
  if (asked === undefined) return all.filter((m) => !allowed || allowed.has(m.id));
  const ids = [...new Set(asked.split(','))].sort();
  const outside = ids.find((id) => allowed && !allowed.has(id));
  if (outside !== undefined) throw new HttpError(403, 'Forbidden', `this token does not open machine "${outside}"`);
  const byId = new Map(all.map((m) => [m.id, m]));
  const unknown = ids.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw badRequest(`no machine ${unknown.map((id) => `"${id}"`).join(', ')}; GET /api/v1/machines lists them`, [
      { name: 'machines', in: 'query', message: `unknown machine id${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` },
    ]);
  }
  return ids.map((id) => byId.get(id)!);
}
