import type { OperationRouter } from '../contract/operation-types.js';
import type { RouteContext } from './route-context.js';

const COLUMNS = ['id', 'name', 'timezone', 'dayStart', 'shifts', 'sensors', 'motors', 'hasPrograms', 'hasEnergy', 'hasAlarms'];
const CSV_COLUMNS = ['machineId', ...COLUMNS.slice(1)];

export function machineRoutes(router: OperationRouter, ctx: RouteContext): void {
  router.get('/api/v1/machines', async (req, reply) => {
    const allowed = req.allowedMachines;
    const machines = (await ctx.machines.list()).filter((m) => !allowed || allowed.has(m.id));
    if (reply.unchanged(machines)) return;
    const items = machines.map((m) => ({
      id: m.id,
      name: m.name,
      timezone: m.config.timezone,
      dayStart: m.config.dayStart,
      shifts: m.config.shifts,
      // A machine stored before labels existed reads as its names.
      sensors: m.config.variables.sensors.map((s) => ({ name: s.name, label: s.label ?? s.name, unit: s.unit })),
      motors: m.config.variables.motors.map((v) => ({ name: v.name, label: v.label ?? v.name })),
      hasPrograms: m.config.variables.program !== null,
      hasEnergy: m.config.variables.motors.length > 0,
      hasAlarms: m.config.variables.alarms !== null,
    }));
    // In CSV the machine's id is the column every other CSV calls it: machineId.
    if (req.routeOptions.config.csv) reply.list({ items: items.map((m) => ({ ...m, machineId: m.id })) }, CSV_COLUMNS);
    else reply.list({ items }, COLUMNS);
  });
}
