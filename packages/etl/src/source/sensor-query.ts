import type { Queryable } from './pg-types.js';
import { FINITE } from './variable-queries.js';

export interface SensorBucketStats {
  /** 1-based index into the hour starts passed in. */
  bucket: number;
  count: number;
  invalid: number;
  min: number | null;
  max: number | null;
  sum: number | null;
  sumsq: number | null;
  avg: number | null;
  stddev: number | null;
}

export interface SensorSpec {
  id: number;
  scale: number;
  min: number | null;
  max: number | null;
}

/**
 * metrics.md §5: statistics of valid, scaled readings per local hour bucket,
 * aggregated in SQL; `hourStarts` are the sorted bucket starts, the first ≤ from.
 */
export async function sensorHourStats(
  source: Queryable,
  sensor: SensorSpec,
  from: number,
  to: number,
  hourStarts: number[],
): Promise<SensorBucketStats[]> {
  // The raw value is compared as the stored real, exactly (metrics.md §10).
  const valid = `${FINITE} AND ($5::float8 IS NULL OR value::float8 >= $5) AND ($6::float8 IS NULL OR value::float8 <= $6)`;
  const { rows } = await source.query<SensorBucketStats>(
    `SELECT bucket,
            count(v)::int AS count, (count(*) - count(v))::int AS invalid,
            min(v) AS min, max(v) AS max, sum(v) AS sum, sum(v * v) AS sumsq,
            avg(v) AS avg, stddev_samp(v) AS stddev
       FROM (SELECT width_bucket(date, $4::bigint[]) AS bucket,
                    CASE WHEN ${valid} THEN value::float8 * $7::float8 END AS v
               FROM variable_log_float
              WHERE id_var = $1 AND date >= $2 AND date < $3) r
      GROUP BY bucket`,
    [sensor.id, from, to, hourStarts, sensor.min, sensor.max, sensor.scale],
  );
  return rows;
}
