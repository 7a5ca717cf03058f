import type { MachineConfig } from '@spindle/etl';
import { MachineCalendar } from '@spindle/etl';
import type pg from 'pg';
import { notFound } from '../http/http-error.js';

/** A machine as the ETL stored it: its configuration (without the source) and calendar. */
export interface ServedMachine {
  id: string;
  name: string;
  config: Omit<MachineConfig, 'source'>;
  calendar: MachineCalendar;
  firstDay: string | null;
  lastDay: string | null;
}

interface Row {
  machine_id: string;
  name: string;
  config: Omit<MachineConfig, 'source'>;
  first_day: string | null;
  last_day: string | null;
}

const SELECT = `SELECT machine_id, name, config, first_day::text AS first_day, last_day::text AS last_day FROM spindle_machine`;

function toServed(r: Row): ServedMachine {
  return {
    id: r.machine_id,
    name: r.name,
    config: r.config,
    calendar: new MachineCalendar(
      r.config.timezone,
      Number(r.config.dayStart.slice(0, 2)),
      r.config.shifts.map((s) => ({ name: s.name, startMinute: Number(s.start.slice(0, 2)) * 60 + Number(s.start.slice(3)) })),
    ),
    firstDay: r.first_day,
    lastDay: r.last_day,
  };
}

// Machine configs change only when the ETL runs; reading them once per second at
// most saves a round trip on every request.
const CACHE_MS = 1000;
const cache = new WeakMap<pg.Pool, { at: number; machines: Promise<ServedMachine[]> }>();

/** Every machine the ETL has written, ordered by id. */
export function listMachines(db: pg.Pool): Promise<ServedMachine[]> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.at < CACHE_MS) return hit.machines;
  const machines = db.query<Row>(`${SELECT} ORDER BY machine_id`).then(({ rows }) => rows.map(toServed));
  cache.set(db, { at: Date.now(), machines });
  machines.catch(() => {
    if (cache.get(db)?.machines === machines) cache.delete(db);
  });
  return machines;
}

/** One machine, or 404 naming the id. */
export async function getMachine(db: pg.Pool, id: string): Promise<ServedMachine> {
  const machine = (await listMachines(db)).find((m) => m.id === id);
  if (!machine) throw notFound(`no machine "${id}"; GET /api/v1/machines lists them`);
  return machine;
}
