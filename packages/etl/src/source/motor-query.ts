import type { Queryable } from './pg-types.js';
import { FINITE } from './variable-queries.js';

/** One motor's integral ∫u dt (percent × ms) inside each piece. */
export interface MotorAreas {
  /** 1-based piece index → area inside that piece (segments clipped at the piece end). */
  areas: { piece: number; area: number }[];
  /** Parts of segments past the end of the piece they start in, for the caller to spread. */
  overflow: { start: number; end: number; u: number }[];
  validRows: number;
}

/**
 * metrics.md §7: a motor's utilization is the last valid (finite, ≥ 0) value, so
 * each valid row holds until the next. One ordered pass in SQL integrates each
 * segment inside the piece of `bounds` it starts in (bounds sorted, bounds[0] =
 * from, last = to); a piece's last segment may run past the piece end, and that
 * part comes back as overflow. Time before the first valid row counts as 0.
 * Rows are read up to `rowsEnd` (exclusive), segments clipped to [from, to).
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
  // max(ARRAY[t0, t1, u]) is the piece's last segment: arrays compare element-wise.
  const { rows } = await source.query<{ piece: number; area: number; last: [number, number, number] | null; n: number }>(
    `SELECT piece, coalesce(sum(u * (least(t1, ($4::bigint[])[piece + 1]) - a)) FILTER (WHERE t1 > a), 0) AS area,
            max(ARRAY[a::float8, t1::float8, u]) FILTER (WHERE t1 > a) AS last,
            count(*) FILTER (WHERE t0 >= $2)::int AS n
       FROM (SELECT t0, greatest(t0, $2) AS a, least(coalesce(t1, $3), $3) AS t1, u,
                    width_bucket(greatest(t0, $2), $4::bigint[]) AS piece
               FROM (SELECT date AS t0, value::float8 AS u, lead(date) OVER (ORDER BY date, value) AS t1
                       FROM variable_log_float
                      WHERE id_var = $1 AND ${valid}
                        AND date >= coalesce((SELECT max(date) FROM variable_log_float
                                               WHERE id_var = $1 AND date < $2 AND ${valid}), $2)
                        AND date < $5) seg) placed
      GROUP BY piece`,
    [motorId, from, to, bounds, rowsEnd],
  );
  const result: MotorAreas = { areas: [], overflow: [], validRows: 0 };
  for (const r of rows) {
    result.validRows += r.n;
    if (r.area > 0) result.areas.push({ piece: r.piece, area: r.area });
    if (r.last === null) continue;
    const [, t1, u] = r.last;
    const pieceEnd = bounds[r.piece]!;
    if (t1 > pieceEnd && u > 0) result.overflow.push({ start: pieceEnd, end: t1, u });
  }
  return result;
}
