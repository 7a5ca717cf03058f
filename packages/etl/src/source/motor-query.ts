import type { Queryable } from './pg-types.js';
import { FINITE } from './variable-queries.js';

/** ∫u dt (percent × ms) of one motor inside one piece. */
export interface PieceArea {
  piece: number;
  area: number;
}

/** A constant-utilization segment that crosses piece boundaries, left to the caller to split. */
export interface CrossingSegment {
  start: number;
  end: number;
  u: number;
}

export interface MotorAreas {
  areas: PieceArea[];
  crossing: CrossingSegment[];
  validRows: number;
}

/**
 * metrics.md §7: a motor's utilization is the last valid (finite, ≥ 0) value, so
 * each valid row holds until the next. The segments are integrated in SQL per
 * piece of `bounds` (sorted; bounds[0] = from, last = to); the few that cross a
 * piece boundary come back whole. Time before the first row counts as 0. Rows
 * are read up to `rowsEnd` (exclusive) and segments clipped to [from, to).
 */
export async function motorAreas(
  source: Queryable,
  motorId: number,
  from: number,
  to: number,
  rowsEnd: number,
  bounds: number[],
): Promise<MotorAreas> {
  const valid = `${FINITE} AND value >= 0`;
  // One pass: non-crossing segments sum per piece; each crossing one is a group of its own.
  const { rows } = await source.query<{ piece: number; area: number | null; start: number | null; end: number; u: number; n: number }>(
    `SELECT piece, cross_start AS start, max(b) AS "end", max(u) AS u,
            sum(u * (b - a)) FILTER (WHERE b > a) AS area,
            count(*) FILTER (WHERE t0 >= $2)::int AS n
       FROM (SELECT a, b, u, t0, piece,
                    CASE WHEN b > ($4::bigint[])[piece + 1] AND u > 0 THEN a END AS cross_start
               FROM (SELECT greatest(t0, $2) AS a, least(coalesce(t1, $3), $3) AS b, u, t0,
                            width_bucket(greatest(t0, $2), $4::bigint[]) AS piece
                       FROM (SELECT date AS t0, value::float8 AS u, lead(date) OVER (ORDER BY date) AS t1
                               FROM variable_log_float
                              WHERE id_var = $1 AND ${valid}
                                AND date >= coalesce((SELECT max(date) FROM variable_log_float
                                                       WHERE id_var = $1 AND date < $2 AND ${valid}), $2)
                                AND date < $5) seg) placed) marked
      GROUP BY piece, cross_start`,
    [motorId, from, to, bounds, rowsEnd],
  );
  const result: MotorAreas = { areas: [], crossing: [], validRows: 0 };
  for (const r of rows) {
    result.validRows += r.n;
    if (r.start !== null) result.crossing.push({ start: r.start, end: r.end, u: r.u });
    else if (r.area !== null && r.area > 0) result.areas.push({ piece: r.piece, area: r.area });
  }
  return result;
}
