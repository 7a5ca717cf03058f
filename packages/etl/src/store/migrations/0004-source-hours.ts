// What each hour of the production DB held when a run last read it (rows, and the
// sums of their dates and variable ids), so the next run recomputes only the days
// whose hours changed, and the new tail; `from` is where that record starts.
export default `
CREATE TABLE spindle_source_hour (
  machine_id  text NOT NULL,
  hour        bigint NOT NULL,
  rows        bigint NOT NULL,
  date_sum    numeric NOT NULL,
  id_sum      bigint NOT NULL,
  PRIMARY KEY (machine_id, hour)
);
ALTER TABLE spindle_machine ADD COLUMN source_hours_from bigint;
`;
