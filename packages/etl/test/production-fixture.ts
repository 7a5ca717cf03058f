import type pg from 'pg';
import { createProductionSchema, indexProductionSchema } from '../src/simulate/production-schema.js';

export type At = string | number;

/** Epoch ms of an ISO instant (or ms as is). */
export const ms = (at: At) => (typeof at === 'number' ? at : Date.parse(at));

export interface ProductionRows {
  floats?: [name: string, at: At, value: number | null][];
  strings?: [name: string, at: At, value: string | null][];
  /** Variables that exist without rows. */
  variables?: string[];
}

/** Writes a hand-made production DB: the rows of a test case, exactly as given. */
export async function writeProduction(db: pg.Client, rows: ProductionRows): Promise<void> {
  await createProductionSchema(db);
  const names = new Map<string, string>();
  for (const [n] of rows.floats ?? []) names.set(n, 'float');
  for (const [n] of rows.strings ?? []) names.set(n, 'string');
  for (const n of rows.variables ?? []) if (!names.has(n)) names.set(n, 'float');
  const ids = new Map([...names.keys()].map((n, i) => [n, 100 + i * 3]));
  for (const [name, datatype] of names) {
    await db.query('INSERT INTO variable (id, name, datatype) VALUES ($1, $2, $3)', [ids.get(name), name, datatype]);
  }
  for (const [name, at, value] of rows.floats ?? []) {
    await db.query('INSERT INTO variable_log_float VALUES ($1, $2, $3::real)', [
      ids.get(name),
      ms(at),
      value === null ? null : String(value),
    ]);
  }
  for (const [name, at, value] of rows.strings ?? []) {
    await db.query('INSERT INTO variable_log_string VALUES ($1, $2, $3)', [ids.get(name), ms(at), value]);
  }
  await indexProductionSchema(db);
}

/** A float variable logged every 5 minutes over [from, to]: continuous activity. */
export function every5Minutes(name: string, from: string, to: string, value = 1): [string, number, number][] {
  const rows: [string, number, number][] = [];
  for (let t = ms(from); t <= ms(to); t += 300_000) rows.push([name, t, value]);
  return rows;
}
