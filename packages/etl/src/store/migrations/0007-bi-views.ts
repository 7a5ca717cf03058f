// A stable, safe way in for BI tools (Power BI, Excel, Tableau through their
// PostgreSQL connectors): schema spindle_bi holds one documented view per metric
// family, each row with the machine's id, name and zone, its local day and local
// instants with their offset, values in their units. The views are
// security_barrier views filtered by spindle_bi.allowed(): a role made by
// `spindle-etl grant-bi` reads its machines' rows there and nothing else.
// Their columns are an interface: a change is a breaking change (CHANGELOG.md).
const machine = `m.machine_id, m.name AS machine_name, m.timezone`;
const join = (table: string) => `FROM ${table} t JOIN spindle_machine m USING (machine_id) WHERE spindle_bi.allowed(t.machine_id)`;
const local = (column: string) => `spindle_bi.local_iso(t.${column}, m.timezone)`;
const dayStart = `spindle_bi.local_iso((t.day + m.day_start::time) AT TIME ZONE m.timezone, m.timezone) AS day_start_local`;
const seconds = [
  'running_seconds',
  'idle_seconds',
  'standby_seconds',
  'emergency_seconds',
  'offline_seconds',
  'covered_seconds',
  'planned_seconds',
  'planned_running_seconds',
  'unplanned_running_seconds',
]
  .map((c) => `t.${c}`)
  .join(', ');
const availability = `CASE WHEN t.planned_seconds > 0 THEN t.planned_running_seconds / t.planned_seconds END AS availability`;
const view = (name: string, select: string) => `CREATE VIEW spindle_bi.${name} WITH (security_barrier) AS ${select};`;

export default `
CREATE TABLE spindle_bi_grant (
  role_name  name PRIMARY KEY,
  machines   text[]
);
CREATE SCHEMA spindle_bi;

CREATE FUNCTION spindle_bi.allowed(machine text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT EXISTS (SELECT 1 FROM public.spindle_bi_grant g
                  WHERE g.role_name = session_user AND (g.machines IS NULL OR machine = ANY (g.machines)))
$$;

CREATE FUNCTION spindle_bi.local_iso(t timestamptz, zone text) RETURNS text
  LANGUAGE sql STABLE SET search_path = pg_catalog AS $$
  SELECT to_char(t AT TIME ZONE zone, 'YYYY-MM-DD"T"HH24:MI:SS.MS')
         || CASE WHEN off < 0 THEN '-' ELSE '+' END
         || to_char(abs(off) / 3600, 'FM00') || ':' || to_char(abs(off) % 3600 / 60, 'FM00')
    FROM (SELECT extract(epoch FROM (t AT TIME ZONE zone) - (t AT TIME ZONE 'UTC'))::int AS off) o
$$;

CREATE VIEW spindle_bi.machines WITH (security_barrier) AS
  SELECT m.machine_id, m.name AS machine_name, m.timezone, m.day_start,
         (SELECT string_agg((s ->> 'name') || ' ' || (s ->> 'start'), '; ') FROM jsonb_array_elements(m.config -> 'shifts') s) AS shifts,
         m.first_day, m.last_day, m.watermark
    FROM spindle_machine m WHERE spindle_bi.allowed(m.machine_id);
${view('utilization_day', `SELECT ${machine}, t.day, ${dayStart}, ${seconds}, ${availability} ${join('utilization_day')}`)}
${view('utilization_shift', `SELECT ${machine}, t.day, t.shift_index, t.shift, ${seconds}, ${availability} ${join('utilization_shift')}`)}
${view('states', `SELECT ${machine}, t.day, t.start_at, ${local('start_at')} AS start_local, t.end_at, ${local('end_at')} AS end_local, t.state ${join('state_interval')}`)}
${view('energy_hour', `SELECT ${machine}, t.day, t.start_at, ${local('start_at')} AS start_local, t.kwh ${join('energy_hour')}`)}
${view(
  'energy_day',
  `SELECT ${machine}, t.day, min(${dayStart.replace(' AS day_start_local', '')}) AS day_start_local, sum(t.kwh) AS kwh
     ${join('energy_hour')} GROUP BY m.machine_id, m.name, m.timezone, t.day`,
)}
${view('programs', `SELECT ${machine}, t.day, t.program, t.running_seconds, t.energy_kwh ${join('program_day')}`)}
${view(
  'sensor_hour',
  `SELECT ${machine}, t.sensor, t.day, t.start_at, ${local('start_at')} AS start_local, t.count, t.min, t.max, t.avg, t.stddev ${join('sensor_hour')}`,
)}
${view(
  'alarm_occurrences',
  `SELECT ${machine}, t.day, t.raised_at, ${local('raised_at')} AS raised_local, t.cleared_at,
          CASE WHEN t.cleared_at IS NOT NULL THEN ${local('cleared_at')} END AS cleared_local,
          extract(epoch FROM t.cleared_at - t.raised_at)::float8 AS duration_seconds, t.code, t.description, t.category ${join('alarm_occurrence')}`,
)}
${view('alarm_day', `SELECT ${machine}, t.day, t.category, t.count ${join('alarm_day')}`)}
${view('downtime', `SELECT ${machine}, t.day, t.state, t.category, t.code, t.description, t.seconds ${join('downtime_day')}`)}
`;
