import type pg from 'pg';
import { FINITE } from './variable-queries.js';

/**
 * metrics.md §7, §14: a motor utilization is valid when finite, ≥ 0 and at most
 * its motor's `max`, compared as the stored real. The maxima are validated
 * numbers of the config, written into the SQL as literals: a CASE on id_var
 * costs nothing per row, where a join or an array lookup would.
 */
export function validMotor(motors: readonly { id: number; max: number }[]): string {
  const maxima = new Set(motors.map((m) => m.max));
  const max =
    maxima.size <= 1
      ? `${Number([...maxima][0] ?? 1000)}::float8`
      : `CASE id_var ${motors.map((m) => `WHEN ${Number(m.id)} THEN ${Number(m.max)}::float8`).join(' ')} END`;
  return `${FINITE} AND value >= 0 AND value::float8 <= ${max}`;
}

/**
 * For a time window the planner prefers a bitmap heap scan and a full sort; an
 * index scan on (id_var, date) already delivers the window's order and leaves an
 * incremental sort on value: 2–2.5× faster on 2- to 7-day windows of these
 * time-ordered logs, no slower on a month (docs/performance.md).
 */
const MOTOR_PLAN = ['enable_bitmapscan', 'enable_sort'];

/** Runs `query` with the given planner methods off on this session, then back to their defaults (one round trip each way). */
async function withPlannerSettings<T>(client: pg.Client, off: string[], query: () => Promise<T>): Promise<T> {
  await client.query(off.map((name) => `SET ${name} = off`).join('; '));
  try {
    return await query();
  } finally {
    await client.query(off.map((name) => `RESET ${name}`).join('; ')).catch(() => {});
  }
}

/** Integrals ∫u dt (percent × ms) of several motors over the pieces of a time range. */
export interface MotorAreas {
  /** Motor id and 1-based piece index → area inside that piece. */
  areas: { motor: number; piece: number; area: number }[];
  /** Constant-utilization spans left for the caller to spread over the pieces they cross. */
  spans: { motor: number; start: number; end: number; u: number }[];
}

/**
 * metrics.md §7: a motor's utilization is the last valid value, so each valid row
 * holds until the next. One ordered pass over all motors integrates, per piece of
 * `bounds` (sorted; pieces numbered from 1 as width_bucket does), the segments
 * that start in it. A piece's last segment may run past the piece end; only it
 * has t1 > end, so SQL returns that part's area and end, and the caller spreads
 * it. The value carried in from before `from` is a span too. Segments end at
 * `to` at the latest.
 */
export async function motorAreas(
  source: pg.Client,
  motors: readonly { id: number; max: number }[],
  validFrom: number,
  from: number,
  to: number,
  bounds: number[],
): Promise<MotorAreas> {
  const result: MotorAreas = { areas: [], spans: [] };
  if (motors.length === 0) return result;
  const motorIds = motors.map((m) => m.id);
  const valid = validMotor(motors);
  // Rows at one instant are ordered by value, so the last of them is the largest
  // (docs/metrics-decisions.md): a zero-length segment for the others.
  const { rows } = await withPlannerSettings(source, MOTOR_PLAN, () =>
    source.query<{ motor: number; piece: number; total: number; over: number; t1: number; first: number }>(
      `SELECT motor, piece, sum(u * (t1 - t0)) AS total,
              sum(u * greatest(t1 - ($4::bigint[])[piece + 1], 0)) AS over, max(t1) AS t1, min(t0) AS first
         FROM (SELECT motor, width_bucket(t0, $4::bigint[]) AS piece, t0, t1, u
                 FROM (SELECT id_var AS motor, date AS t0, value::float8 AS u,
                              lead(date, 1, $3::bigint) OVER (PARTITION BY id_var ORDER BY date, value) AS t1
                         FROM variable_log_float
                        WHERE id_var = ANY($1::int[]) AND ${valid} AND date >= $2::bigint AND date < $3::bigint) seg) placed
        GROUP BY motor, piece`,
      [motorIds, from, to, bounds],
    ),
  );
  const first = new Map<number, number>();
  for (const r of rows) {
    if (r.total - r.over > 0) result.areas.push({ motor: r.motor, piece: r.piece, area: r.total - r.over });
    if (r.over > 0) {
      const pieceEnd = bounds[r.piece]!;
      result.spans.push({ motor: r.motor, start: pieceEnd, end: r.t1, u: r.over / (r.t1 - pieceEnd) });
    }
    first.set(r.motor, Math.min(first.get(r.motor) ?? to, r.first));
  }
  // The value each motor carries into the range: its last valid row in [validFrom, from).
  const { rows: carried } = await source.query<{ motor: number; u: number }>(
    `SELECT m.id AS motor, last.u FROM unnest($1::int[]) m(id)
       CROSS JOIN LATERAL (SELECT value::float8 AS u FROM variable_log_float
                            WHERE id_var = m.id AND date < $2 AND date >= $3 AND ${valid.replaceAll('id_var', 'm.id')}
                            ORDER BY date DESC, value DESC LIMIT 1) last`,
    [motorIds, from, validFrom],
  );
  for (const c of carried) {
    const end = first.get(c.motor) ?? to;
    if (c.u > 0 && end > from) result.spans.push({ motor: c.motor, start: from, end, u: c.u });
  }
  return result;
}
