import type { MachineConfig } from '@spindle/core';
import { createHash } from 'node:crypto';
import { MACHINE_CHANNEL } from '@spindle/core/store';
import type { Queryable } from '../postgres/queryable.js';

/** The config that shapes the aggregates; `source` (a credential) is neither stored nor hashed. */
export function storedConfig(machine: MachineConfig): Omit<MachineConfig, 'source'> {
  const { source: _source, ...rest } = machine;
  return rest;
}

/** The hash of what shapes the aggregates: names and labels people read do not. */
export function configHash(machine: MachineConfig): string {
  const { name: _name, ...rest } = storedConfig(machine);
  const unlabelled = <T extends { label: string }>({ label: _label, ...v }: T) => v;
  const shaping = {
    ...rest,
    variables: { ...rest.variables, sensors: rest.variables.sensors.map(unlabelled), motors: rest.variables.motors.map(unlabelled) },
  };
  return createHash('sha256').update(JSON.stringify(shaping)).digest('hex').slice(0, 16);
}

export interface MachineRecord {
  watermark: number | null;
  configHash: string;
  /** The production days computed, first and last; null before any. */
  span: { firstDay: string; lastDay: string } | null;
}

/** The columns of spindle_machine a MachineRecord is made of, for a SELECT list. */
export const RECORD_COLUMNS = `(extract(epoch FROM watermark) * 1000)::float8 AS watermark, config_hash,
  to_char(first_day, 'YYYY-MM-DD') AS first, to_char(last_day, 'YYYY-MM-DD') AS last`;
export type RecordRow = { watermark: number | null; config_hash: string; first: string | null; last: string | null };

export function recordOf(r: RecordRow): MachineRecord {
  return {
    watermark: r.watermark === null ? null : Math.round(r.watermark),
    configHash: r.config_hash,
    span: r.first && r.last ? { firstDay: r.first, lastDay: r.last } : null,
  };
}

export async function readMachineRecord(db: Queryable, machineId: string): Promise<MachineRecord | null> {
  const { rows } = await db.query<RecordRow>(`SELECT ${RECORD_COLUMNS} FROM spindle_machine WHERE machine_id = $1`, [machineId]);
  return rows[0] ? recordOf(rows[0]) : null;
}

export interface MachineUpdate {
  firstActivity: number | null;
  watermark: number | null;
  firstDay: string | null;
  lastDay: string | null;
  /** The program running at the watermark, when the run reached it (`undefined` keeps the stored one). */
  currentProgram?: number | null;
}

/**
 * Stores the machine's config, and its watermark when the run reached it; a row
 * that changed is announced on MACHINE_CHANNEL, which PostgreSQL delivers to the
 * servers' listeners when (and only if) the transaction commits.
 */
export async function upsertMachineRecord(
  db: Queryable,
  machine: MachineConfig,
  hash: string,
  update: MachineUpdate | null,
  /** Touch the record only when the stored configuration (its name, say) differs: a run that found nothing new keeps the record, and the API's validators, as they were. */
  options: { onlyIfRenamed?: boolean } = {},
): Promise<void> {
  await db.query(
    `WITH changed AS (
     INSERT INTO spindle_machine (machine_id, name, timezone, day_start, config, config_hash,
                                  first_activity, watermark, first_day, last_day, updated_at, current_program)
     VALUES ($1, $2, $3, $4, $5, $6, to_timestamp($7 / 1000.0), to_timestamp($8 / 1000.0), $9, $10, now(), $12)
     ON CONFLICT (machine_id) DO UPDATE SET
       name = excluded.name, timezone = excluded.timezone, day_start = excluded.day_start,
       config = excluded.config, config_hash = excluded.config_hash,
       first_activity = coalesce(excluded.first_activity, spindle_machine.first_activity),
       watermark = coalesce(excluded.watermark, spindle_machine.watermark),
       first_day = coalesce(excluded.first_day, spindle_machine.first_day),
       last_day = coalesce(excluded.last_day, spindle_machine.last_day),
       updated_at = now(),
       current_program = CASE WHEN $11 THEN excluded.current_program ELSE spindle_machine.current_program END
     ${options.onlyIfRenamed ? 'WHERE spindle_machine.config IS DISTINCT FROM excluded.config' : ''}
     RETURNING machine_id)
     SELECT pg_notify('${MACHINE_CHANNEL}', json_build_object('machineId', machine_id)::text) FROM changed`,
    [
      machine.id,
      machine.name,
      machine.timezone,
      machine.dayStart,
      JSON.stringify(storedConfig(machine)),
      hash,
      update?.firstActivity ?? null,
      update?.watermark ?? null,
      update?.firstDay ?? null,
      update?.lastDay ?? null,
      update?.currentProgram !== undefined,
      update?.currentProgram ?? null,
    ],
  );
}
