import type pg from 'pg';
import { FINITE, lastFloatBefore } from './variable-queries.js';

/** metrics.md §7: a motor utilization is valid when finite and ≥ 0. */
export const VALID_MOTOR = `${FINITE} AND value >= 0`;

/** One motor's integral ∫u dt (percent × ms) over pieces of a time range. */
export interface MotorAreas {
  /** 1-based piece index → area inside that piece (segments clipped at the piece end). */
  areas: { piece: number; area: number }[];
  /** Constant-utilization spans left for the caller to spread over the pieces they cross. */
  spans: { start: number; end: number; u: number }[];
}

/**
 * metrics.md §7: a motor's utilization is the last valid value, so each valid row
 * holds until the next. One ordered pass in SQL integrates every segment inside
 * the piece of `bounds` it starts in (bounds sorted, 1-based pieces as
 * width_bucket numbers them). What SQL cannot see comes back as spans: the part
 * of a piece's last segment past the piece end, and the value carried into the
 * range from before `from`. Segments end at `to` at the latest.
 */
export async function motorAreas(source: pg.Client, motorId: number, from: number, to: number, bounds: number[]): Promise<MotorAreas> {
  // max(ARRAY[t0, t1, u]) is the piece's last segment: arrays compare element-wise.
  // Rows at one instant are ordered by value, as everywhere (docs/metrics-decisions.md).
  const { rows } = await source.query<{ piece: number; area: number; last: [number, number, number]; first: number }>(
    `SELECT piece, sum(u * (least(t1, ($4::bigint[])[piece + 1]) - t0)) AS area,
            max(ARRAY[t0::float8, t1::float8, u]) AS last, min(t0) AS first
       FROM (SELECT width_bucket(t0, $4::bigint[]) AS piece, t0, t1, u
               FROM (SELECT date AS t0, value::float8 AS u, lead(date, 1, $3::bigint) OVER (ORDER BY date, value) AS t1
                       FROM variable_log_float
                      WHERE id_var = $1 AND ${VALID_MOTOR} AND date >= $2::bigint AND date < $3::bigint) seg) placed
      GROUP BY piece`,
    [motorId, from, to, bounds],
  );
  const result: MotorAreas = { areas: [], spans: [] };
  let first = to;
  for (const r of rows) {
    if (r.area > 0) result.areas.push({ piece: r.piece, area: r.area });
    const [, t1, u] = r.last;
    const pieceEnd = bounds[r.piece]!;
    if (t1 > pieceEnd && u > 0) result.spans.push({ start: pieceEnd, end: t1, u });
    first = Math.min(first, r.first);
  }
  const carried = await lastFloatBefore(source, motorId, from, VALID_MOTOR);
  if (carried?.value && first > from) result.spans.push({ start: from, end: first, u: carried.value });
  return result;
}

/** Rows of the given motors in [from, to) that are not valid utilizations. */
export async function invalidMotorRows(source: pg.Client, ids: number[], from: number, to: number): Promise<number> {
  if (ids.length === 0) return 0;
  const { rows } = await source.query<{ n: number }>(
    `SELECT count(*)::float8 AS n FROM variable_log_float
      WHERE id_var = ANY($1::int[]) AND date >= $2 AND date < $3 AND NOT coalesce(${VALID_MOTOR}, false)`,
    [ids, from, to],
  );
  return rows[0]?.n ?? 0;
}
