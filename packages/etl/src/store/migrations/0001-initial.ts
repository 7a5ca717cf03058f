// Aggregation schema v1. Every table keys on machine_id first so it can be
// distributed by machine (Citus) or partitioned by time (architecture.md).
export default `
CREATE TABLE spindle_machine (
  machine_id      text PRIMARY KEY,
  name            text NOT NULL,
  timezone        text NOT NULL,
  day_start       text NOT NULL,
  config          jsonb NOT NULL,
  config_hash     text NOT NULL,
  first_activity  timestamptz,
  watermark       timestamptz,
  first_day       date,
  last_day        date,
  updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE spindle_run (
  machine_id           text NOT NULL,
  run_id               bigserial,
  kind                 text NOT NULL CHECK (kind IN ('run', 'backfill')),
  started_at           timestamptz NOT NULL,
  finished_at          timestamptz NOT NULL,
  status               text NOT NULL CHECK (status IN ('succeeded', 'failed')),
  from_day             date,
  to_day               date,
  watermark            timestamptz,
  rows_read            bigint NOT NULL DEFAULT 0,
  invalid_rows         bigint NOT NULL DEFAULT 0,
  malformed_alarm_rows bigint NOT NULL DEFAULT 0,
  error                text,
  PRIMARY KEY (machine_id, run_id)
);

CREATE TABLE utilization_day (
  machine_id       text NOT NULL,
  day              date NOT NULL,
  running_seconds  double precision NOT NULL,
  idle_seconds     double precision NOT NULL,
  offline_seconds  double precision NOT NULL,
  covered_seconds  double precision NOT NULL,
  PRIMARY KEY (machine_id, day)
);

CREATE TABLE utilization_shift (
  machine_id       text NOT NULL,
  day              date NOT NULL,
  shift_index      smallint NOT NULL,
  shift            text,
  running_seconds  double precision NOT NULL,
  idle_seconds     double precision NOT NULL,
  offline_seconds  double precision NOT NULL,
  covered_seconds  double precision NOT NULL,
  PRIMARY KEY (machine_id, day, shift_index)
);

CREATE TABLE state_interval (
  machine_id  text NOT NULL,
  day         date NOT NULL,
  start_at    timestamptz NOT NULL,
  end_at      timestamptz NOT NULL,
  state       text NOT NULL CHECK (state IN ('RUNNING', 'IDLE', 'OFFLINE')),
  PRIMARY KEY (machine_id, day, start_at)
);

CREATE TABLE sensor_hour (
  machine_id  text NOT NULL,
  sensor      text NOT NULL,
  day         date NOT NULL,
  start_at    timestamptz NOT NULL,
  count       integer NOT NULL,
  min         double precision NOT NULL,
  max         double precision NOT NULL,
  avg         double precision NOT NULL,
  stddev      double precision,
  sum         double precision NOT NULL,
  sumsq       double precision NOT NULL,
  PRIMARY KEY (machine_id, sensor, day, start_at)
);

CREATE TABLE energy_hour (
  machine_id  text NOT NULL,
  day         date NOT NULL,
  start_at    timestamptz NOT NULL,
  kwh         double precision NOT NULL,
  PRIMARY KEY (machine_id, day, start_at)
);

CREATE TABLE program_day (
  machine_id       text NOT NULL,
  day              date NOT NULL,
  program          integer,
  running_seconds  double precision NOT NULL,
  energy_kwh       double precision NOT NULL,
  UNIQUE NULLS NOT DISTINCT (machine_id, day, program)
);

CREATE TABLE alarm_occurrence (
  machine_id   text NOT NULL,
  day          date NOT NULL,
  raised_at    timestamptz NOT NULL,
  identity     text NOT NULL,
  code         text NOT NULL,
  description  text NOT NULL,
  category     text NOT NULL,
  cleared_at   timestamptz,
  PRIMARY KEY (machine_id, day, raised_at, identity)
);
CREATE INDEX alarm_occurrence_open ON alarm_occurrence (machine_id, cleared_at);

CREATE TABLE alarm_day (
  machine_id  text NOT NULL,
  day         date NOT NULL,
  category    text NOT NULL,
  count       integer NOT NULL,
  PRIMARY KEY (machine_id, day, category)
);
`;
