import type { OperationRouter } from '../contract/operation-router.js';
import { sendList } from '../respond/send-list.js';
import type { RouteContext } from './route-context.js';

const COLUMNS = ['id', 'name', 'timezone', 'dayStart', 'shifts', 'sensors', 'hasPrograms', 'hasEnergy', 'hasAlarms'];
const CSV_COLUMNS = ['machineId', ...COLUMNS.slice(1)];

export function machineRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines', async (req, res) => {
    const allowed = req.allowedMachines;
    const machines = (await ctx.machines.list()).filter((m) => !allowed || allowed.has(m.id));
    if (ctx.unchanged(req, res, machines)) return;
    const items = machines.map((m) => ({
      id: m.id,
      name: m.name,
      timezone: m.config.timezone,
      dayStart: m.config.dayStart,
      shifts: m.config.shifts,
      sensors: m.config.variables.sensors.map((s) => ({ name: s.name, unit: s.unit })),
      hasPrograms: m.config.variables.program !== null,
      hasEnergy: m.config.variables.motors.length > 0,
      hasAlarms: m.config.variables.alarms !== null,
    }));
    // In CSV the machine's id is the column every other CSV calls it: machineId.
    if (req.csv) sendList(req, res, { items: items.map(({ id, ...m }) => ({ machineId: id, ...m })) }, CSV_COLUMNS, ctx.cacheSeconds);
    else sendList(req, res, { items }, COLUMNS, ctx.cacheSeconds);
  });
}
