import type { MachineConfig } from '@spindle/core';
import { EtlError } from '../errors.js';
import type { Queryable } from '../postgres/queryable.js';

/** The ids of this machine's configured variables, and of every variable that logged a row. */
export interface ResolvedVariables {
  /** Every id_var with rows in either log table, listed in table `variable` or not (metrics.md §4). */
  all: number[];
  inOperation: number | null;
  program: number | null;
  emergency: number | null;
  standby: number | null;
  alarms: number | null;
  motors: { id: number; nominalKw: number; max: number; name: string }[];
  sensors: { id: number; name: string; scale: number; min: number | null; max: number | null }[];
}

/**
 * Every id_var that has rows in either log table: a loose index scan over the
 * (id_var, date) index, one probe per distinct id, so hundreds of millions of
 * rows cost a few hundred index lookups.
 */
async function loggedIds(source: Queryable): Promise<number[]> {
  const scan = (table: string, name: string) => `${name}(id) AS (
      (SELECT id_var FROM ${table} WHERE id_var IS NOT NULL ORDER BY id_var LIMIT 1)
      UNION ALL
      SELECT (SELECT id_var FROM ${table} WHERE id_var > ${name}.id ORDER BY id_var LIMIT 1) FROM ${name} WHERE ${name}.id IS NOT NULL)`;
  const { rows } = await source.query<{ id: number }>(
    `WITH RECURSIVE ${scan('variable_log_float', 'f')}, ${scan('variable_log_string', 's')}
     SELECT id FROM f WHERE id IS NOT NULL UNION SELECT id FROM s WHERE id IS NOT NULL`,
  );
  return rows.map((r) => Number(r.id));
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
    // Activity is every row of both logs (metrics.md §4), variables the catalogue lacks included.
    all: await loggedIds(source),
    inOperation: v.inOperation === null ? null : id(v.inOperation, 'variables.inOperation'),
    program: v.program === null ? null : id(v.program.name, 'variables.program'),
    emergency: v.emergency === null ? null : id(v.emergency, 'variables.emergency'),
    standby: v.standby === null ? null : id(v.standby, 'variables.standby'),
    alarms: v.alarms === null ? null : id(v.alarms, 'variables.alarms'),
    motors: v.motors.map((m, i) => ({ id: id(m.name, `variables.motors[${i}]`), nominalKw: m.nominalKw, max: m.max, name: m.name })),
    sensors: v.sensors.map((s, i) => ({ id: id(s.name, `variables.sensors[${i}]`), name: s.name, scale: s.scale, min: s.min, max: s.max })),
  };
  if (missing.length > 0) {
    throw new EtlError(
      `machine ${machine.id}: configured variable${missing.length > 1 ? 's' : ''} ${missing.join(', ')} not found in table "variable" of its production DB; fix the name in the fleet config or remove it`,
    );
  }
  return resolved;
}
