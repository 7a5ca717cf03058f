// Runs done as queued work units (spindle-etl worker) record which unit and attempt they were.
export default `
ALTER TABLE spindle_run
  ADD COLUMN job_id  text,
  ADD COLUMN attempt integer,
  ADD COLUMN worker  text;
`;
