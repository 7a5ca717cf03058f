// What a run needs to resume at an hour instead of a production day's start:
// the pieces (metrics.md §4's elementary intervals, with their energy) of the
// days the next run may recompute, and the state carried into the hour of the
// watermark; and where the run stopped reading the log tables, so the next one
// reads only what was appended after; and what the last computation of every
// UTC hour of the history read, which \`spindle-etl audit\` compares with the
// production DB. Written in the run's transaction.
export default `
CREATE TABLE spindle_piece (
  machine_id  text NOT NULL,
  day         date NOT NULL,
  start_ms    bigint NOT NULL,
  end_ms      bigint NOT NULL,
  state       text NOT NULL,
  program     int4,
  shift       int2 NOT NULL,
  planned     boolean NOT NULL,
  kwh         float8 NOT NULL,
  cause       jsonb,
  PRIMARY KEY (machine_id, start_ms)
);
CREATE TABLE spindle_hour_seen (
  machine_id  text NOT NULL,
  hour        bigint NOT NULL,
  rows        bigint NOT NULL,
  date_sum    numeric NOT NULL,
  id_sum      bigint NOT NULL,
  PRIMARY KEY (machine_id, hour)
);
ALTER TABLE spindle_machine ADD COLUMN pieces_from_day date, ADD COLUMN resume_state jsonb, ADD COLUMN source_tail jsonb;
`;
