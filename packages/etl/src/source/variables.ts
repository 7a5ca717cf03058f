import { EtlError } from '../errors.js';
import type { MachineConfig } from '../config/fleet-config.js';
import type { Queryable } from './pg-types.js';

/** Ids in this machine's `variable` table of every configured variable. */
export interface ResolvedVariables {
  all: number[];
  inOperation: number | null;
  program: number | null;
  alarms: number | null;
  motors: { id: number; nominalKw: number; name: string }[];
  sensors: { id: number; name: string; scale: number; min: number | null; max: number | null }[];
}

/** metrics.md §10: a configured variable missing from `variable` fails the machine's run. */
export async function resolveVariables(source: Queryable, machine: MachineConfig): Promise<ResolvedVariables> {
  const { rows } = await source.query<{ id: number; name: string }>('SELECT id, name FROM variable');
  const byName = new Map(rows.map((r) => [r.name, Number(r.id)]));
  const missing: string[] = [];
  const id = (name: string, field: string): number => {
    const found = byName.get(name);
    if (found === undefined) missing.push(`"${name}" (${field})`);
    return found ?? -1;
  };
  const v = machine.variables;
  const resolved: ResolvedVariables = {
    all: [...new Set(byName.values())],
    inOperation: v.inOperation === null ? null : id(v.inOperation, 'variables.inOperation'),
    program: v.program === null ? null : id(v.program.name, 'variables.program'),
    alarms: v.alarms === null ? null : id(v.alarms, 'variables.alarms'),
    motors: v.motors.map((m, i) => ({ id: id(m.name, `variables.motors[${i}]`), nominalKw: m.nominalKw, name: m.name })),
    sensors: v.sensors.map((s, i) => ({ id: id(s.name, `variables.sensors[${i}]`), name: s.name, scale: s.scale, min: s.min, max: s.max })),
  };
  if (missing.length > 0) {
    throw new EtlError(
      `machine ${machine.id}: configured variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found in table "variable" of its production DB; fix the name in the fleet config or remove it`,
    );
  }
  return resolved;
}
