import type { Queryable } from '../postgres/queryable.js';
import { FINITE } from './variable-queries.js';

export interface SensorBucketStats {
  sensor: number;
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
 * metrics.md §5: statistics of valid, scaled readings per sensor and local hour
 * bucket, all sensors in one pass; `hourStarts` are the sorted bucket starts, the
 * first ≤ from. The raw value is compared as the stored real, exactly (§10).
 */
export async function sensorHourStats(
  source: Queryable,
  sensors: readonly SensorSpec[],
  from: number,
  to: number,
  hourStarts: number[],
): Promise<SensorBucketStats[]> {
  if (sensors.length === 0) return [];
  const { rows } = await source.query<SensorBucketStats>(
    `SELECT sensor, bucket,
            count(v)::int AS count, (count(*) - count(v))::int AS invalid,
            min(v) AS min, max(v) AS max, sum(v) AS sum, sum(v * v) AS sumsq,
            avg(v) AS avg, stddev_samp(v) AS stddev
       FROM (SELECT f.id_var AS sensor, width_bucket(f.date, $4::bigint[]) AS bucket,
                    CASE WHEN ${FINITE.replaceAll('value', 'f.value')}
                          AND (s.lo IS NULL OR f.value::float8 >= s.lo) AND (s.hi IS NULL OR f.value::float8 <= s.hi)
                         THEN f.value::float8 * s.scale END AS v
               FROM variable_log_float f
               JOIN unnest($1::int[], $5::float8[], $6::float8[], $7::float8[]) AS s(id, scale, lo, hi) ON s.id = f.id_var
              WHERE f.id_var = ANY($1::int[]) AND f.date >= $2 AND f.date < $3) r
      GROUP BY sensor, bucket`,
    [sensors.map((s) => s.id), from, to, hourStarts, sensors.map((s) => s.scale), sensors.map((s) => s.min), sensors.map((s) => s.max)],
  );
  return rows;
}
